/** A Float32Array that doubles as it fills: memory stays linear in what is stored. */
export class GrowableFloat32 {
  private buf: Float32Array;
  length = 0;

  constructor(initial = 1024) {
    this.buf = new Float32Array(Math.max(1, initial));
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.grow(this.length + 1);
    this.buf[this.length++] = v;
  }

  private grow(min: number): void {
    let cap = this.buf.length * 2;
    while (cap < min) cap *= 2;
    const next = new Float32Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** The values stored, trimmed to length (a copy only when capacity is spare). */
  toArray(): Float32Array {
    return this.length === this.buf.length ? this.buf : this.buf.slice(0, this.length);
  }
}
