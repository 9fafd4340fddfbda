// The seq values one stream has seen, one bit each, in fixed chunks allocated only where seqs fall.

/** 65,536 seqs per chunk: 8 KiB. A stray huge seq costs one chunk, never a huge array. */
const CHUNK_BITS = 1 << 16;
const CHUNK_WORDS = CHUNK_BITS / 32;

export class SeqBitmap {
  private readonly chunks = new Map<number, Uint32Array>();
  // Seqs mostly arrive in order, so the chunk of the previous one is nearly always the next one's.
  private lastChunkIndex = -1;
  private lastChunk: Uint32Array | undefined;

  /** Marks `seq` (a non-negative safe integer) as seen; true when it was not seen before. */
  add(seq: number): boolean {
    const chunkIndex = Math.floor(seq / CHUNK_BITS);
    let chunk = chunkIndex === this.lastChunkIndex ? this.lastChunk : this.chunks.get(chunkIndex);
    if (chunk === undefined) {
      chunk = new Uint32Array(CHUNK_WORDS);
      this.chunks.set(chunkIndex, chunk);
    }
    this.lastChunkIndex = chunkIndex;
    this.lastChunk = chunk;
    const bit = seq - chunkIndex * CHUNK_BITS;
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    const current = chunk[word] as number;
    if ((current & mask) !== 0) return false;
    chunk[word] = current | mask;
    return true;
  }

  get allocatedBytes(): number {
    return this.chunks.size * CHUNK_WORDS * 4;
  }
}
