import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { absoluteUrl } from './api.ts';
import type { LinkRole, Links } from './api.ts';

const ROWS: readonly { role: LinkRole; label: 'result.facilitator' | 'result.participant' | 'result.viewer'; hint: 'result.facilitatorHint' | 'result.participantHint' | 'result.viewerHint' }[] = [
  { role: 'participant', label: 'result.participant', hint: 'result.participantHint' },
  { role: 'viewer', label: 'result.viewer', hint: 'result.viewerHint' },
  { role: 'facilitator', label: 'result.facilitator', hint: 'result.facilitatorHint' },
];

/** A QR code as a PNG data URL; the encoder is loaded only when a code is shown. */
function useQrCode(text: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then((qr) => qr.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 480, color: { dark: '#1f2933', light: '#ffffff' } }))
      .then((data) => {
        if (live) setUrl(data);
      })
      .catch((err: unknown) => console.error('QR code could not be drawn', err));
    return () => {
      live = false;
    };
  }, [text]);
  return url;
}

function CopyField({ role, url }: { role: LinkRole; url: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <div className="link-field">
      <input className="link-field__url" readOnly value={url} data-testid={`link-${role}`} aria-label={t(ROWS.find((r) => r.role === role)!.label)} onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        className="button"
        data-testid={`copy-${role}`}
        onClick={() => {
          navigator.clipboard.writeText(url).then(
            () => setState('copied'),
            (err: unknown) => {
              console.error('Copy to clipboard failed', err);
              setState('failed');
            },
          );
        }}
      >
        {state === 'copied' ? t('result.copied') : t('result.copy')}
      </button>
      {state === 'failed' && (
        <p className="field-error" role="alert">
          {t('result.copyFailed')}
        </p>
      )}
    </div>
  );
}

/** The three links of a workshop with copy buttons, a QR code for participants and the privacy warning. */
export function LinksPanel({ links }: { links: Links }) {
  const { t } = useTranslation();
  const participantUrl = absoluteUrl(links.participant);
  const qr = useQrCode(participantUrl);
  return (
    <div className="links-panel">
      <div className="links-panel__rows">
        {ROWS.map(({ role, label, hint }) => (
          <section key={role} className={`link-row link-row--${role}`}>
            <h3>{t(label)}</h3>
            <p className="muted">{t(hint)}</p>
            {role === 'facilitator' && (
              <p className="warning" role="note" data-testid="keep-private">
                {t('result.keepPrivate')}
              </p>
            )}
            <CopyField role={role} url={absoluteUrl(links[role])} />
          </section>
        ))}
      </div>
      <figure className="links-panel__qr">
        {qr ? <img src={qr} alt={t('result.qr')} width={240} height={240} data-testid="qr" /> : <div className="qr-placeholder" aria-hidden="true" />}
        <figcaption>{t('result.qr')}</figcaption>
      </figure>
    </div>
  );
}
