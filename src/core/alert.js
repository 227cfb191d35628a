export const SEVERITY_RANK = { low: 1, medium: 2, high: 3, critical: 4 };
