import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortWith } from '../../main/monitor/abort-with.js';

describe('abortWith', () => {
  it('aborts the controller with the signal, and with its reason', () => {
    const outer = new AbortController();
    const inner = new AbortController();
    abortWith(inner, outer.signal);
    outer.abort('stopping');
    expect(inner.signal.aborted).toBe(true);
    expect(inner.signal.reason).toBe('stopping');
  });

  it('aborts at once for a signal already aborted', () => {
    const inner = new AbortController();
    abortWith(inner, AbortSignal.abort('gone'));
    expect(inner.signal.reason).toBe('gone');
  });

  it('leaves no listener once unfollowed, and no longer follows', () => {
    const outer = new AbortController();
    const inner = new AbortController();
    const unfollow = abortWith(inner, outer.signal);
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(1);
    unfollow();
    expect(getEventListeners(outer.signal, 'abort')).toEqual([]);
    outer.abort();
    expect(inner.signal.aborted).toBe(false);
  });

  it('follows nothing without a signal', () => {
    const inner = new AbortController();
    abortWith(inner, undefined)();
    expect(inner.signal.aborted).toBe(false);
  });
});
