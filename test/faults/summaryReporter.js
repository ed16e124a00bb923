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
    // Each figure is summed over the scenarios that measured it; a scenario survived when all its figures are 0.
    const measured = (k) => outcomes.filter((o) => typeof o[k] === 'number');
    const sum = (k) => measured(k).reduce((n, o) => n + o[k], 0);
    const survived = outcomes.filter((o) => !o.repliesLost && !o.duplicatePrompts).length;
    const failed = results.numFailedTests ? `, ${results.numFailedTests} failing tests` : '';
    console.log(
      `\nfaults: ${outcomes.length} scenarios tried, ${survived} survived, ` +
        `${sum('repliesLost')} replies lost (measured in ${measured('repliesLost').length}), ` +
        `${sum('duplicatePrompts')} duplicate prompts (measured in ${measured('duplicatePrompts').length})${failed}`,
    );
  }
}
module.exports = FaultSummaryReporter;
