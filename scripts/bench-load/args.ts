/** Command-line numbers for the benchmark scripts: a bad one stops the script with a sentence naming it. */
export function wholeNumber(
  command: string,
  values: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(
      `${command}: --${name} must be a whole number from ${min} to ${max}; it is "${String(values[name])}".\n`,
    );
    process.exit(2);
  }
  return n;
}
