import { describe, expect, it } from 'vitest';
import { jobPace } from '../../shared/api/events';

describe('jobPace', () => {
  it('gives the rate per second and the seconds left', () => {
    expect(jobPace(500, 2_000, 1_000)).toEqual({ ratePerSecond: 500, etaSeconds: 3 });
  });
  it('knows neither before anything is done or any time has passed', () => {
    expect(jobPace(0, 2_000, 1_000)).toEqual({ ratePerSecond: null, etaSeconds: null });
    expect(jobPace(10, 2_000, 0)).toEqual({ ratePerSecond: null, etaSeconds: null });
  });
  it('has a rate but no time left when the total is unknown, and never a negative time left', () => {
    expect(jobPace(100, null, 2_000)).toEqual({ ratePerSecond: 50, etaSeconds: null });
    expect(jobPace(120, 100, 1_000).etaSeconds).toBe(0);
  });
});
