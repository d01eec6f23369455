/**
 * Prints one plain closing line, "N passed, N failed, N skipped", after Jest's own summary,
 * so that tools which read a run's last line (CI here) see the counts in a common form.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
