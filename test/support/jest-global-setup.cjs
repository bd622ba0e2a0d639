// Runs once per `jest` run, before the workers start (they inherit the environment). One seed for every
// property and fuzz test of the run, printed so a failure can be replayed exactly: FUZZ_SEED=<seed> npm test.
module.exports = () => {
  const given = process.env.FUZZ_SEED;
  if (given !== undefined && !/^\d{1,10}$/.test(given)) throw new Error(`FUZZ_SEED must be a whole number, got "${given}"`);
  const seed = given ?? String(Date.now() % 2 ** 31);
  process.env.FUZZ_SEED = seed;
  process.stdout.write(`\nfuzz seed ${seed} (FUZZ_SEED=${seed} replays every property and fuzz test of this run)\n`);
};
