import { describe, expect, it } from 'vitest';
import { classifyCondition, knownConditions } from '../../src/causes/conditions.ts';

describe('classifyCondition', () => {
  it.each([
    ['diabetes', 'diabetes'],
    ['Type 2 diabetes', 'diabetes'],
    ['T2DM', 'diabetes'],
    ['kidney_disease', 'kidney_disease'],
    ['chronic kidney disease stage 3', 'kidney_disease'],
    ['CKD', 'kidney_disease'],
    ['thyroid_disorder', 'thyroid_disorder'],
    ['hypothyroidism', 'thyroid_disorder'],
    ['peripheral_neuropathy', 'peripheral_neuropathy'],
    ['diabetic neuropathy', 'peripheral_neuropathy'],
    ['lumbar_spinal_stenosis', 'lumbar_spinal_stenosis'],
    ['spinal stenosis', 'lumbar_spinal_stenosis'],
    ['back_problems', 'back_problems'],
    ['sciatica', 'back_problems'],
    ['peripheral_artery_disease', 'peripheral_artery_disease'],
    ['PAD', 'peripheral_artery_disease'],
    ['venous_insufficiency', 'venous_insufficiency'],
    ['varicose veins', 'venous_insufficiency'],
    ['liver cirrhosis', 'liver_disease'],
    ['hypokalemia', 'electrolyte_disorder'],
  ])('%s is %s', (name, known) => {
    expect(classifyCondition(name)).toBe(known);
  });

  it.each(['asthma', 'aortic stenosis', 'kidney stones', 'hay fever', '', 'glaucoma'])('%j is not a cramp-linked condition', (name) => {
    expect(classifyCondition(name)).toBeUndefined();
  });

  it('collects the known ones without repeats', () => {
    expect([...knownConditions(['diabetes', 'Type 2 diabetes', 'asthma', 'sciatica'])].sort()).toEqual(['back_problems', 'diabetes']);
  });
});
