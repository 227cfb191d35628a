/** A share draft as `/api/intel/share/:id` returns it (the list view has the bundle's object count only). */
export interface ShareDraft {
  id: string; incidentId: string; state: 'proposed' | 'approved' | 'published' | 'failed' | 'rejected'; tlp: string;
  targets: { collection?: string; remote?: string };
  bundle: { id: string; objects: Array<Record<string, unknown>> | number };
  removed: Array<{ where: string; field: string; reason: string; why: string; shown: string }>;
  counts: Record<string, number>; note: string | null; proposedBy: string; proposed: string;
  decidedBy: string | null; decided: string | null; reason: string | null; result: Record<string, unknown> | null;
}

/** `GET /api/intel/overview`. */
export interface IntelOverview {
  collections: Array<{ id: string; alias: string; title: string; objects: number }>;
  feeds: Array<{ name: string; kind: string; url: string; lastSuccess?: string; lastError?: string; failures?: number }>;
  stats: { indicators: number; active: number; objects: number; sightings: number };
  matches: Array<{ id: string; time: string; title: string; severity: string; detector: string }>;
  share: { amberCollections: string[]; remotes: Array<{ name: string; maxTlp: string }> };
}

export const TLPS = ['clear', 'green', 'amber', 'amber+strict'] as const;
