import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  value: T | null;
  /** The last failure; the last good value stays shown meanwhile. */
  error: unknown;
  /** Asks again now (after a change made here). */
  refresh: () => void;
  /** Replaces the value locally until the next answer (an optimistic update). */
  patch: (update: (value: T) => T) => void;
}

/** Calls `load` now and every `intervalMs`, keeping the last good answer. Errors go to the console. */
export function usePolled<T>(load: (() => Promise<T>) | null, intervalMs: number, deps: readonly unknown[]): Polled<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const seq = useRef(0);
  const refresh = useCallback(() => {
    const fn = loadRef.current;
    if (!fn) return;
    const mine = ++seq.current;
    fn().then(
      (v) => {
        if (mine !== seq.current) return;
        setValue(v);
        setError(null);
      },
      (err: unknown) => {
        if (mine !== seq.current) return;
        console.error('Loading the workshop failed:', err);
        setError(err);
      },
    );
  }, []);
  useEffect(() => {
    setValue(null);
    setError(null);
    refresh();
    const timer = setInterval(refresh, intervalMs);
    return () => {
      clearInterval(timer);
      seq.current++;
    };
  }, [refresh, intervalMs, ...deps]);
  const patch = useCallback((update: (value: T) => T) => setValue((v) => (v === null ? v : update(v))), []);
  return { value, error, refresh, patch };
}
