import { dispersionOf, failureDispersionOf, levelChange, rateChange, FLAG_SCORE } from '../score';

describe('rateChange', () => {
  const per = (count: number, exposure = 900) => ({ count, exposure });

  it('weighs the evidence, not the ratio: 1 → 3 is weak, 1,000 → 5,000 overwhelming, 0 → 40 strong', () => {
    expect(rateChange(per(3), per(1)).score).toBeLessThan(1);
    expect(rateChange(per(5000), per(1000)).score).toBeGreaterThan(40);
    expect(rateChange(per(40), per(0)).score).toBeGreaterThan(FLAG_SCORE);
    expect(rateChange(per(1), per(0)).score).toBeLessThan(1);
  });

  it('scores nothing within the tolerance, however large the counts', () => {
    expect(rateChange(per(78_750), per(75_000)).score).toBe(0); // +5% of 5,000 a minute
    expect(rateChange(per(1_000_000), per(900_000)).score).toBe(0);
    expect(rateChange(per(2_000_000), per(1_000_000))).toMatchObject({ direction: 'up' });
  });

  it('reads both directions and unequal exposures', () => {
    const drop = rateChange(per(100), per(1000));
    expect(drop.direction).toBe('down');
    expect(drop.score).toBeGreaterThan(FLAG_SCORE);
    // 10 a second over 60 s against 10 a second over 600 s: no change.
    expect(rateChange({ count: 600, exposure: 60 }, { count: 6000, exposure: 600 }).score).toBe(0);
  });

  it('divides the evidence by the baseline’s own dispersion', () => {
    const plain = rateChange(per(300), per(100)).score;
    expect(rateChange(per(300), per(100), { dispersion: 4 }).score).toBeCloseTo(plain / 2, 6);
  });

  it('is 0, never NaN, for missing or broken counts', () => {
    for (const [a, b] of [
      [per(NaN), per(1)],
      [per(1, 0), per(1)],
      [per(1), per(1, -5)],
      [per(-3), per(Infinity)],
      [per(0), per(0)],
    ]) {
      const s = rateChange(a, b);
      expect(Number.isFinite(s.score)).toBe(true);
    }
    expect(rateChange(per(5), per(5, 0)).score).toBe(0);
  });
});

describe('dispersion', () => {
  it('is 1 for counting noise and more for bursts; 1 with too few steps', () => {
    expect(dispersionOf([10, 11, 9, 10, 10, 9, 11])).toBe(1);
    expect(dispersionOf([0, 0, 100, 0, 0, 100])).toBeGreaterThan(40);
    expect(dispersionOf([1, 100])).toBe(1);
    expect(dispersionOf([NaN, -1, 5, 5, 5, 5])).toBe(1);
    expect(failureDispersionOf([1, 2, 3, 4, 5].map((i) => ({ failed: i % 2 ? 0 : 50, total: 100 })))).toBeGreaterThan(
      10
    );
    expect(failureDispersionOf([{ failed: 1, total: 0 }])).toBe(1);
  });
});

describe('levelChange', () => {
  it('measures a level against the baseline’s own spread on a log scale', () => {
    const base = [0.2, 0.21, 0.19, 0.2, 0.22, 0.18];
    expect(levelChange([0.6, 0.61, 0.59], base)).toMatchObject({ direction: 'up' });
    expect(levelChange([0.6, 0.61, 0.59], base).score).toBeGreaterThan(FLAG_SCORE);
    expect(levelChange([0.21, 0.2, 0.22], base).score).toBe(0);
    // A noisy baseline needs a larger change.
    const noisy = [0.1, 0.4, 0.15, 0.35, 0.2, 0.3];
    expect(levelChange([0.45, 0.45, 0.45], noisy).score).toBeLessThan(FLAG_SCORE);
    expect(levelChange([NaN, -1], base).score).toBe(0);
  });
});
