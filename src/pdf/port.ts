/**
 * The channel between pdf.js's two halves. In Node.js both run on the main thread, joined by
 * pdf.js's LoopbackPort, which deep-copies every message with structuredClone as a real
 * worker boundary would. For text extraction the largest messages by far are the chunks of
 * text items (getTextContent), and copying them cost about 5% of `convert`. pdf.js's worker
 * half builds a new items array for every chunk and never touches a sent one again, so those
 * chunks are passed on as they are (shallow-copied, since the worker reuses the chunk object),
 * and so are the small flat messages that answer each chunk; every other message is copied
 * as before.
 */
import { PDFWorker } from './pdfjs.js';

type Listener = (this: DirectPort, event: { data: unknown }) => void;
type Transfer = NonNullable<Parameters<typeof structuredClone>[1]>['transfer'];

/** pdf.js's StreamKind.ENQUEUE: a chunk of a readable stream. */
const STREAM_ENQUEUE = 4;

export class DirectPort {
  /** Each listener with what detaches it from its abort signal, if it was given one. */
  private readonly listeners = new Map<Listener, (() => void) | undefined>();

  postMessage(message: unknown, transfer?: Transfer): void {
    const data = isTextChunk(message)
      ? { ...message, chunk: { ...message.chunk } }
      : isFlat(message) && !transfer?.length
        ? { ...message }
        : structuredClone(message, transfer ? { transfer } : undefined);
    void Promise.resolve().then(() => {
      for (const listener of this.listeners.keys()) listener.call(this, { data });
    });
  }

  /** pdf.js removes a document's listeners by aborting the signal it added them with. */
  addEventListener(type: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    const onAbort = () => this.removeEventListener(type, listener);
    signal?.addEventListener('abort', onAbort);
    this.listeners.set(listener, signal && (() => signal.removeEventListener('abort', onAbort)));
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.listeners.get(listener)?.();
    this.listeners.delete(listener);
  }

  terminate(): void {
    for (const detach of this.listeners.values()) detach?.();
    this.listeners.clear();
  }
}

interface TextChunkMessage {
  stream: number;
  chunk: { items: unknown[] };
}

function isTextChunk(message: unknown): message is TextChunkMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { stream?: unknown; chunk?: { items?: unknown } };
  return m.stream === STREAM_ENQUEUE && Array.isArray(m.chunk?.items);
}

/**
 * A plain object whose values are all primitives, such as the stream-control messages that
 * answer every chunk (pull, pull complete): a shallow copy is the same as structuredClone's.
 */
function isFlat(message: unknown): message is Record<string, unknown> {
  if (typeof message !== 'object' || message === null || Object.getPrototypeOf(message) !== Object.prototype) return false;
  for (const value of Object.values(message)) {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function' || typeof value === 'symbol') return false;
  }
  return true;
}

let shared: InstanceType<typeof PDFWorker> | undefined;

/**
 * The process's pdf.js worker, its worker half on this thread behind a DirectPort. Like a
 * browser's worker it serves every document (each one's messages are named by its id); a
 * document's `destroy()` ends its part and leaves the worker to the next one.
 */
export function directWorker(): InstanceType<typeof PDFWorker> {
  shared ??= startWorker();
  return shared;
}

function startWorker(): InstanceType<typeof PDFWorker> {
  const port = new DirectPort();
  const handler = (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: { initializeFromPort(port: unknown): void } } })
    .pdfjsWorker?.WorkerMessageHandler;
  if (!handler) throw new Error('pdf.js worker module not loaded');
  handler.initializeFromPort(port);
  // pdf.js types `port` as a DOM Worker; it uses postMessage and the two listener methods.
  return new PDFWorker({ port: port as never });
}
