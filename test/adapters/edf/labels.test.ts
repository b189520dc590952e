// PSG signal labels and scorer annotations, as the import reads them.
import { describe, expect, it } from 'vitest';
import { meaningOf } from '../../../src/adapters/edf/annotation-kinds.ts';
import { roleOfLabel } from '../../../src/adapters/edf/labels.ts';
import { parseMap } from '../../../src/adapters/edf/plan.ts';
import { EdfError } from '../../../src/adapters/edf/errors.ts';

describe('signal labels', () => {
  const tibialis: [string, 'left' | 'right' | undefined][] = [
    ['LAT', 'left'], ['RAT', 'right'], ['EMG LAT', 'left'], ['EMG RAT', 'right'], ['LAT1-LAT2', 'left'], ['RAT1-RAT2', 'right'],
    ['Leg L', 'left'], ['Leg/L', 'left'], ['Leg/R', 'right'], ['Leg-R', 'right'], ['L Leg', 'left'], ['Left Leg', 'left'],
    ['LLEG', 'left'], ['RLEG', 'right'], ['LLEG1-LLEG2', 'left'], ['Tib L', 'left'], ['TIB-R', 'right'], ['EMG Tib L', 'left'],
    ['LTIB', 'left'], ['PLMl', 'left'], ['PLMr', 'right'], ['PLM L', 'left'], ['EMG Leg', undefined], ['Legs', undefined],
    ['Tibialis anterior right', 'right'],
  ];
  it.each(tibialis)('"%s" is the tibialis anterior, %s', (label, side) => {
    expect(roleOfLabel(label)).toEqual({ role: 'emg', muscle: 'tibialis_anterior', side });
  });

  it.each(['Chin', 'EMG Chin', 'CHIN1-CHIN2', 'EMG submental', 'Chin EMG'])('"%s" is the chin', (label) => {
    expect(roleOfLabel(label)).toEqual({ role: 'chin' });
  });

  it.each([
    ['Gastroc L', { role: 'emg', muscle: 'gastrocnemius', side: 'left' }],
    ['EMG Calf R', { role: 'emg', muscle: 'gastrocnemius', side: 'right' }],
    ['Soleus L', { role: 'emg', muscle: 'soleus', side: 'left' }],
    ['Acc X L', { role: 'accel', place: 'acc', axis: 'x', side: 'left' }],
    ['AccZ', { role: 'accel', place: 'acc', axis: 'z', side: undefined }],
    ['Accel Y foot R', { role: 'accel', place: 'foot', axis: 'y', side: 'right' }],
    ['Acc Z thigh L', { role: 'accel', place: 'thigh', axis: 'z', side: 'left' }],
  ])('"%s" is %j', (label, role) => {
    expect(roleOfLabel(label)).toEqual(role);
  });

  it.each(['EEG C3-A2', 'EOG LOC', 'ECG', 'SaO2', 'Flow', 'EMG', 'Thor', 'Pos', 'Lateral'])('"%s" is not for crampwatch', (label) => {
    expect(roleOfLabel(label).role).toBe('other');
  });

  it('takes --map entries, and refuses names it does not know', () => {
    const map = parseMap('EMG1=tibialis_anterior@left, EMG2 = gastrocnemius@right,A=b=acc.x,Chin2=skip,T1=thigh.y@left');
    expect(map.get('t1')).toEqual({ role: 'accel', place: 'thigh', axis: 'y', side: 'left' });
    expect(map.get('emg1')).toEqual({ role: 'emg', muscle: 'tibialis_anterior', side: 'left' });
    expect(map.get('emg2')).toEqual({ role: 'emg', muscle: 'gastrocnemius', side: 'right' });
    expect(map.get('a=b')).toEqual({ role: 'accel', place: 'acc', axis: 'x', side: undefined });
    expect(map.get('chin2')?.role).toBe('skip');
    expect(() => parseMap('EMG1=biceps')).toThrow(EdfError);
    expect(() => parseMap('EMG1=soleus@up')).toThrow(EdfError);
    expect(() => parseMap('EMG1')).toThrow(EdfError);
  });
});

describe('scored annotations', () => {
  it.each([
    ['Limb Movement (Left)', { kind: 'lm', side: 'left' }],
    ['Limb movement - right', { kind: 'lm', side: 'right' }],
    ['LM R', { kind: 'lm', side: 'right' }],
    ['LMl', { kind: 'lm', side: 'left' }],
    ['Leg Movement', { kind: 'lm', side: undefined }],
    ['PLM', { kind: 'plm', side: undefined }],
    ['PLMr', { kind: 'plm', side: 'right' }],
    ['Periodic leg movement - left', { kind: 'plm', side: 'left' }],
    ['Arousal', { kind: 'arousal', side: undefined }],
    ['EEG arousal', { kind: 'arousal', side: undefined }],
    ['Arousal (ARO SPONT)', { kind: 'arousal', side: undefined }],
    ['Movement time', { kind: 'movement', side: undefined }],
    ['Leg cramp left calf', { kind: 'cramp', side: 'left', muscle: 'gastrocnemius' }],
    ['Cramp R', { kind: 'cramp', side: 'right', muscle: undefined }],
  ])('"%s" is %j', (text, meaning) => {
    expect(meaningOf(text)).toEqual(meaning);
  });

  it.each(['Sleep stage 2', 'Sleep stage W', 'Rapid eye movement', 'Obstructive apnea', 'Lights off', 'Hypopnea'])('"%s" is not truth', (text) => {
    expect(meaningOf(text)).toBeUndefined();
  });
});
