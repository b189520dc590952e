import { describe, expect, it } from 'vitest';
import { classifyMedication, crampLinkedMedications } from '../../src/causes/medications.ts';

describe('classifyMedication', () => {
  it.each([
    ['furosemide', 'diuretic'],
    ['Furosemide 40mg', 'diuretic'],
    ['FUROSEMIDE 40 MG once daily', 'diuretic'],
    ['Lasix®', 'diuretic'],
    ['hydrochlorothiazide 12.5 mg', 'diuretic'],
    ['HCTZ', 'diuretic'],
    ['bumetanide', 'diuretic'],
    ['torsemide', 'diuretic'],
    ['spironolactone 25mg', 'diuretic'],
    ['water pills', 'diuretic'],
    ['Diuretics', 'diuretic'],
    ['bendroflumethiazide', 'diuretic'],
    ['atorvastatin', 'statin'],
    ['Lipitor 20mg', 'statin'],
    ['simvastatin', 'statin'],
    ['Zocor', 'statin'],
    ['rosuvastatin', 'statin'],
    ['Crestor', 'statin'],
    ['pravastatin', 'statin'],
    ['a statin', 'statin'],
    ['nifedipine XL 30mg', 'calcium_channel_blocker'],
    ['amlodipine', 'calcium_channel_blocker'],
    ['Norvasc', 'calcium_channel_blocker'],
    ['lisinopril 10 mg', 'ace_inhibitor'],
    ['ramipril', 'ace_inhibitor'],
    ['ACE inhibitor', 'ace_inhibitor'],
    ['losartan', 'angiotensin_receptor_blocker'],
    ['salbutamol inhaler', 'beta_agonist'],
    ['Albuterol', 'beta_agonist'],
    ['salmeterol', 'beta_agonist'],
    ['raloxifene', 'other_cramp_linked'],
    ['teriparatide', 'other_cramp_linked'],
    ['Pregabalin 75 mg', 'other_cramp_linked'],
    ['blood pressure pills', 'blood_pressure_unspecified'],
  ])('%s is a %s', (name, cls) => {
    expect(classifyMedication(name)?.cls).toBe(cls);
  });

  it.each(['metformin', 'paracetamol 500mg', 'levothyroxine', 'nystatin', 'vitamin D', 'omeprazole', '', '   ', '40 mg'])(
    '%j is not linked to cramps',
    (name) => {
      expect(classifyMedication(name)).toBeUndefined();
    },
  );

  it('keeps the name as written, without the dose, for the evidence sentence', () => {
    expect(classifyMedication('Furosemide 40mg')?.name).toBe('Furosemide');
    expect(classifyMedication('Lipitor (atorvastatin)')?.name).toBe('Lipitor');
  });

  it('leaves out unknown names and non-strings', () => {
    const found = crampLinkedMedications(['metformin', 'furosemide', 42 as unknown as string, 'atorvastatin']);
    expect(found.map((m) => m.cls)).toEqual(['diuretic', 'statin']);
  });
});
