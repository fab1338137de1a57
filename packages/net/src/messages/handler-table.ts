// Handlers by message name, shared by connections and the server: add one, get a remover back.

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
