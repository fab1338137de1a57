// Handlers by message name, shared by connections and the server: add one (get a remover back), call them all.

/**
 * Adds `handler` under `name`, creating the name's set on first use.
 * @returns a function that removes exactly this handler.
 */
export function addHandler<H>(table: Map<string, Set<H>>, name: string, handler: H): () => void {
  let handlers = table.get(name);
  if (!handlers) {
    handlers = new Set();
    table.set(name, handlers);
  }
  handlers.add(handler);
  const registered = handlers;
  return () => registered.delete(handler);
}

/** Where a throwing handler's error goes (a TypedEmitter's `onListenerError`). */
export interface ListenerErrorSink {
  onListenerError(error: unknown): void;
}

/**
 * Calls every handler in `handlers` with `(payload, connection)`. A throwing handler goes to
 * `errors.onListenerError` and the rest still run.
 */
export function callHandlers<C>(
  handlers: ReadonlySet<(payload: never, connection: C) => void>,
  payload: unknown,
  connection: C,
  errors: ListenerErrorSink,
): void {
  // A snapshot, so handlers added or removed meanwhile do not change this delivery; one is cheap to take.
  for (const handler of handlers.size === 1 ? [handlers.values().next().value!] : [...handlers]) {
    try {
      (handler as (payload: unknown, connection: C) => void)(payload, connection);
    } catch (error) {
      errors.onListenerError(error);
    }
  }
}
