import net from 'node:net';

/** Resolves the port when `port` (0: one the OS picks) can be listened on at 127.0.0.1 now, undefined when it is taken. */
function tryPort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, '127.0.0.1', () => {
      const { port: bound } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(bound));
    });
  });
}

/**
 * A port nobody listens on now: `preferred` when it is free (a fixed, recognisable port, e.g. the
 * reliability suite's Prometheus), else one the OS picks. Shared by the demo-stack helper and the
 * tests that start their own servers.
 */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred) {
    const p = await tryPort(preferred);
    if (p) return p;
  }
  const p = await tryPort(0);
  if (p === undefined) throw new Error('freePort: the OS gave no free port on 127.0.0.1');
  return p;
}
