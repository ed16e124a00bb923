// Ends `npm run test:faults` with one line: faults tried, survived, replies lost, duplicate prompts.
const { existsSync, readFileSync } = require('node:fs');

class FaultSummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.FAULT_LEDGER;
    const outcomes =
      file && existsSync(file)
        ? readFileSync(file, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [];
    const lost = outcomes.reduce((n, o) => n + o.repliesLost, 0);
    const dupes = outcomes.reduce((n, o) => n + o.duplicatePrompts, 0);
    const tried = results.numTotalTests;
    const survived = results.numPassedTests;
    console.log(`\nfaults: ${tried} tried, ${survived} survived, ${lost} replies lost, ${dupes} duplicate prompts`);
  }
}
module.exports = FaultSummaryReporter;
