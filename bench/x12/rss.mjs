// Preloaded into a measured process: reports its peak resident set size and CPU time at exit.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nmaxrss_kb=${process.resourceUsage().maxRSS} cpu_us=${user + system}\n`);
});
