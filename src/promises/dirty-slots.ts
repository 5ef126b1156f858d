/**
 * The slots changed since the lead last saved them: a byte per slot plus the list of marked
 * slots. Marking an already marked slot (every record after a million makes, until the first
 * save) costs one byte read — a Set would hash it.
 */
export class DirtySlots {
  private marks = new Uint8Array(1024);
  private list: number[] = [];

  add(slot: number): void {
    if (slot >= this.marks.length) {
      const grown = new Uint8Array(Math.max(slot + 1, this.marks.length * 2));
      grown.set(this.marks);
      this.marks = grown;
    }
    if (this.marks[slot] === 1) return;
    this.marks[slot] = 1;
    this.list.push(slot);
  }

  /** The marked slots in the order first marked; clears the marks. */
  take(): number[] {
    const out = this.list;
    for (const slot of out) this.marks[slot] = 0;
    this.list = [];
    return out;
  }

  get size(): number {
    return this.list.length;
  }
}
