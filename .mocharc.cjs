// Plain `mocha` (npm test) runs the whole suite; `npx mocha test/x.test.ts` runs just the files named.
const named = process.argv.slice(2).some((a) => /\.test\.ts$/.test(a));
module.exports = {
  'node-option': ['import=tsx'],
  spec: named ? [] : ['test/**/*.test.ts'],
  timeout: 120000,
  reporter: 'spec',
  exit: true,
};
