/** Progressive delivery analysis (issue 11): schedules, sequential statistics, verdicts and the step planner. */
export * from './spec';
export * from './stats';
export * from './queries';
export * from './evaluate';
export * from './planner';
export * from './progress';
