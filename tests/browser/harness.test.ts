import { describe, expect, it } from 'vitest';
import { CHROME_MISSING, launchBrowser, pngSize } from './harness.ts';

describe('browser test harness', () => {
  it('without Chromium the browser tests fail and say how to install it', async () => {
    await expect(launchBrowser('/nonexistent/chromium')).rejects.toThrow('install Chromium: apt-get install -y --no-install-recommends chromium');
    expect(CHROME_MISSING).toBe('install Chromium: apt-get install -y --no-install-recommends chromium');
  });

  it('C14: the PNG size reader refuses what is not a PNG', () => {
    const header = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 4, 0, 0, 0, 2, 0]);
    expect(pngSize(header)).toEqual({ width: 1024, height: 512 });
    expect(() => pngSize(new Uint8Array(24))).toThrow('not a PNG');
  });
});
