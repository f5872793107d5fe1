import { describe, expect, it } from 'vitest';
import { openPdf } from '../../../src/pdf/load.js';
import { DirectPort, directWorker } from '../../../src/pdf/port.js';
import { buildTestPdf, text } from '../../support/pdf/build-pdf.js';

/** Posts `messages` and collects what a listener receives. */
async function deliver(port: DirectPort, post: () => void): Promise<unknown[]> {
  const seen: unknown[] = [];
  port.addEventListener('message', (e) => seen.push(e.data));
  post();
  expect(seen).toEqual([]); // delivered later, as across a worker boundary
  await new Promise((r) => setTimeout(r, 0));
  return seen;
}

describe('DirectPort', () => {
  it('passes text chunks on without copying their items, and the chunk object as it was sent', async () => {
    const port = new DirectPort();
    const items = [{ str: '年报', transform: [1, 0, 0, 1, 0, 0] }];
    const chunk = { items, styles: {} };
    const [got] = (await deliver(port, () => {
      port.postMessage({ sourceName: 'worker', targetName: 'main', stream: 4, streamId: 1, chunk });
      chunk.items = []; // what pdf.js's worker half does after sending
    })) as { chunk: { items: unknown[] } }[];
    expect(got!.chunk.items).toBe(items);
  });

  it('copies every other message, in order', async () => {
    const port = new DirectPort();
    const fnArray = [1, 2, 3];
    const seen = (await deliver(port, () => {
      port.postMessage({ stream: 4, streamId: 2, chunk: { fnArray, argsArray: [null, null, null] } });
      port.postMessage({ action: 'GetPage', data: { pageIndex: 0 } });
      fnArray.length = 0; // pdf.js empties an operator list after sending a chunk of it
    })) as { chunk?: { fnArray: number[] }; action?: string }[];
    expect(seen[0]!.chunk!.fnArray).toEqual([1, 2, 3]);
    expect(seen[1]!.action).toBe('GetPage');
  });

  it('copies a flat message (the pull that answers a chunk) into a new object with the same fields', async () => {
    const port = new DirectPort();
    const pull = { sourceName: 'main', targetName: 'worker', stream: 6, streamId: 3, desiredSize: 90 };
    const [got] = await deliver(port, () => {
      port.postMessage(pull);
      pull.desiredSize = 0;
    });
    expect(got).not.toBe(pull);
    expect(got).toEqual({ sourceName: 'main', targetName: 'worker', stream: 6, streamId: 3, desiredSize: 90 });
  });

  it('refuses what a worker boundary refuses, flat or not', () => {
    const port = new DirectPort();
    expect(() => port.postMessage({ action: 'Bad', callback: () => 1 })).toThrow();
  });

  it('drops a listener when the signal it was added with aborts, as pdf.js ends a document', async () => {
    const port = new DirectPort();
    const ac = new AbortController();
    const kept: unknown[] = [];
    const dropped: unknown[] = [];
    port.addEventListener('message', (e) => kept.push(e.data));
    port.addEventListener('message', (e) => dropped.push(e.data), { signal: ac.signal });
    ac.abort();
    port.postMessage({ action: 'Ping' });
    await new Promise((r) => setTimeout(r, 0));
    expect(kept).toHaveLength(1);
    expect(dropped).toHaveLength(0);
  });

  it('serves document after document on one worker, each leaving no listener behind', async () => {
    const pdf = buildTestPdf({ pages: [text(72, 742, 'Open')] });
    const count = async () => {
      const doc = await openPdf(pdf);
      expect(doc.numPages).toBe(1);
      await doc.destroy();
      return (directWorker().port as unknown as { listeners: Map<unknown, unknown> }).listeners.size;
    };
    const first = await count();
    for (let i = 0; i < 5; i++) await count();
    expect(await count()).toBe(first);
  });
});
