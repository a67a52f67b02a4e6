/**
 * Pod IPs from the node's pod CIDR 10.244.0.0/16 (kind's default), unique among live pods.
 */

const BASE = (10 << 24) | (244 << 16);
/** .0.0 is the network and .0.1 the node's bridge; the last address is broadcast. */
const FIRST_HOST = 2;
const HOST_COUNT = (1 << 16) - 1 - FIRST_HOST;

function toIP(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * Hands out addresses round-robin (like the CNI's host-local IPAM, so a recreated pod usually gets
 * a fresh address and stale endpoints are easy to spot) and skips those in use.
 * @see https://www.cni.dev/plugins/current/ipam/host-local/
 */
export class IpAllocator {
  private readonly used = new Set<string>();
  private next = 0;

  /** Marks an address as taken (pods found in the store at start-up or resync). */
  reserve(ip: string): void {
    this.used.add(ip);
  }

  release(ip: string): void {
    this.used.delete(ip);
  }

  /** Replaces the set of used addresses with exactly `ips`. */
  resetTo(ips: Iterable<string>): void {
    this.used.clear();
    for (const ip of ips) this.used.add(ip);
  }

  has(ip: string): boolean {
    return this.used.has(ip);
  }

  allocate(): string {
    for (let i = 0; i < HOST_COUNT; i++) {
      const ip = toIP(BASE + FIRST_HOST + ((this.next + i) % HOST_COUNT));
      if (!this.used.has(ip)) {
        this.next = (this.next + i + 1) % HOST_COUNT;
        this.used.add(ip);
        return ip;
      }
    }
    throw new Error('pod CIDR 10.244.0.0/16 exhausted');
  }
}
