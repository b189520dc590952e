// Which partition a device belongs to: the same number nats-server's subject mapping
// `{{partition(N, 1)}}` gives its frames (FNV-1a, 32 bit, of the device id token, mod N; nats-server
// server/subject_transform.go). Used to know which devices a partition holds, not to route:
// the server routes, so a device can never be in two partitions.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function partitionOf(device: string, partitions: number): number {
  let hash = FNV_OFFSET;
  const bytes = new TextEncoder().encode(device);
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash % partitions;
}
