// The evaluation set in the repository (fixtures/eval), scored per muscle group (calf, thigh,
// foot); `npx crampwatch score fixtures/eval` gives the overall PROTOCOL §8 scores.
//   node --import tsx bench/eval-fixtures.ts [FOLDER]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCaptureLines } from '../src/adapters/capture/read.ts';
import type { Muscle } from '../src/core/types.ts';
import { createDeviceCore } from '../src/detect/index.ts';
import { replayLines } from '../src/ingest/replay.ts';
import type { NightScore, Truth } from '../src/score/score.ts';
import { formatGroupTable, nightScoresByGroup, type GroupName } from './muscle-groups.ts';

const folder = process.argv[2] ?? 'fixtures/eval';
const byGroup = new Map<GroupName, NightScore[]>();
for (const file of readdirSync(folder).filter((f) => f.endsWith('.ndjson.gz')).sort()) {
  const truthPath = join(folder, file.replace(/\.ndjson\.gz$/, '.truth.json'));
  if (!existsSync(truthPath)) continue;
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as Truth & { night?: { devices?: { id: string; channels: Muscle[] }[] } };
  const channelsOf = (device: string) => truth.night?.devices?.find((d) => d.id === device)?.channels ?? [];
  const result = await replayLines(readCaptureLines(join(folder, file)), { createCore: createDeviceCore });
  for (const [group, score] of nightScoresByGroup(result.episodes, truth, result.nightStats, channelsOf)) byGroup.set(group, [...(byGroup.get(group) ?? []), score]);
  const line = [...nightScoresByGroup(result.episodes, truth, result.nightStats, channelsOf)].map(([g, s]) => `${g} ${s.matched.length}/${s.trueCramps}${s.falseDetections.length ? ` false ${s.falseDetections.length}` : ''}`).join(', ');
  console.log(`${file}: ${line}`);
}
console.log(`\nper muscle group, ${folder}:\n${formatGroupTable(byGroup)}`);
