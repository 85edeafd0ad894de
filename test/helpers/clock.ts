/** A clock a test moves forward instead of sleeping: real time plus every `advance` so far. */
export class TestClock {
  private offset = 0;
  readonly now = (): number => Date.now() + this.offset;
  advance(ms: number): void {
    this.offset += ms;
  }
}
