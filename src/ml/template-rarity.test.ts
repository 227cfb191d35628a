import { describe, expect, it } from 'vitest';
import { TemplateRarity } from './template-rarity.js';

describe('TemplateRarity', () => {
  it('flags unseen templates and picks a threshold on training windows', () => {
    const r = TemplateRarity.fit(['E1', 'E1', 'E2']);
    expect(r.assess('E9')).toEqual({ template: 'E9', count: 0, rare: true });
    expect(r.assess('E1').rare).toBe(false);
    const windows = [
      { templates: ['E1', 'E1'], normal: [true, true], anomalous: false },
      { templates: ['E1', 'E1'], normal: [true, true], anomalous: false },
      { templates: ['E1', 'E7'], normal: [true, false], anomalous: true },
    ];
    expect(TemplateRarity.chooseThreshold(windows, [0, 1, 5])).toEqual({ threshold: 0, f1: 1 });
  });
});
