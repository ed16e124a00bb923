import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  PEOPLE,
  PORTS,
  ROOT,
  type Running,
  assertPortsFree,
  startBot,
  startPlayground,
  stopAll,
} from './support/stack';

/**
 * `npm run playground [-- --fresh]`: the bot (with its embedded Azurite and the demo plan) and two
 * Microsoft 365 Agents Playgrounds, one signed in as an action owner and one as the secretariat,
 * all stopped by one Ctrl-C. Data is kept in .data/playground between runs; --fresh starts again
 * from the demo plan.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.some((a) => a === '-h' || a === '--help')) {
    console.log(
      'Usage: npm run playground [-- --fresh]\n  --fresh  delete .data/playground first (a new store with the demo plan)',
    );
    return;
  }
  const unknown = args.filter((a) => a !== '--fresh');
  if (unknown.length) throw new Error(`Unknown option ${unknown.join(' ')}. Usage: npm run playground [-- --fresh]`);

  const dataDir = path.join(ROOT, '.data', 'playground');
  if (args.includes('--fresh')) rmSync(dataDir, { recursive: true, force: true });
  await assertPortsFree({
    bot: PORTS.bot,
    Azurite: PORTS.azurite,
    'owner Playground': PORTS.owner,
    'secretariat Playground': PORTS.secretariat,
  });

  const running: Running[] = [];
  // Output piped to a program that Ctrl-C ended too (| tee) must not end the clean-up half way.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  // Last resort if this process ends any other way: nothing is left running.
  process.on('exit', () => {
    for (const r of running) r.kill();
  });
  let stopping: Promise<void> | undefined;
  const stop = (why: string, code: number) => {
    stopping ??= (async () => {
      console.log(`\n${why}: stopping the Playgrounds, the bot and Azurite...`);
      await stopAll(running);
      console.log('Stopped.');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop('Ctrl-C', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));

  try {
    console.log(
      `Starting the bot on http://127.0.0.1:${PORTS.bot}/api/messages (Azurite on ${PORTS.azurite}, data in ${path.relative(ROOT, dataDir)})...`,
    );
    running.push(await startBot({ dataDir: path.join(dataDir, 'azurite'), echo: true }));
    for (const role of ['owner', 'secretariat'] as const) {
      running.push(await startPlayground({ role, workDir: path.join(dataDir, `${role}-playground`), echo: true }));
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    await stop('Start failed', 1);
    return;
  }
  for (const r of running) {
    r.child.once(
      'exit',
      (code, signal) => void (stopping ? undefined : stop(`${r.name} exited (${code ?? signal})`, 1)),
    );
  }
  const { owner, secretariat } = PEOPLE;
  console.log(`
Board Actions in the Microsoft 365 Agents Playground:
  ${owner.name} (${owner.email}), an action owner:  http://localhost:${owner.port}
  ${secretariat.name} (${secretariat.email}), the secretariat:  http://localhost:${secretariat.port}
Open "Personal Chat" and type help. As ${secretariat.name}, "chase ${owner.email}" sends ${owner.name.split(' ')[0]} her card.
In "General" (the Transformation Advisory Board team), type @, pick Board Actions, then a command.
Ctrl-C stops everything.
`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
