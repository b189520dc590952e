// A two-lead calf CrampDetector (gastrocnemius, soleus) stepped block by block: the driver the
// detector's unit tests share, each setting its own levels, floors and leg.
import { BLOCK_MS, CrampDetector, CrampInput, type CrampChange } from '../../src/detect/cramp-detector.ts';
import type { CrampRules } from '../../src/detect/muscle-groups/rules.ts';
import { CALF } from '../../src/detect/muscle-groups/calf.ts';

/**
 * Steps `seconds` of blocks. `setBlock` fills each block's input (levels, rest, floors, the leg);
 * every lead is then readable with its envelope at its level. `seen` gets what each block changed.
 */
export function stepCalfBlocks(
  seconds: number,
  setBlock: (input: CrampInput, tS: number, block: number) => void,
  seen: (change: CrampChange, tS: number, detector: CrampDetector) => void,
  rules: CrampRules = CALF,
): void {
  const detector = new CrampDetector(rules, ['gastrocnemius', 'soleus']);
  const input = new CrampInput(2);
  for (let b = 0; b < (seconds * 1000) / BLOCK_MS; b++) {
    const tS = (b * BLOCK_MS) / 1000;
    input.tMs = b * BLOCK_MS;
    setBlock(input, tS, b);
    for (let c = 0; c < 2; c++) {
      input.envelopeUv[c] = input.levelUv[c];
      input.ok[c] = 1;
    }
    seen(detector.step(input), tS, detector);
  }
}

/** The block times (s) a cramp was opened at. */
export function openTimes(seconds: number, setBlock: (input: CrampInput, tS: number, block: number) => void): number[] {
  const opened: number[] = [];
  stepCalfBlocks(seconds, setBlock, (change, tS) => {
    if (change === 'open') opened.push(tS);
  });
  return opened;
}
