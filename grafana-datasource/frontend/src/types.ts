import { DataQuery, DataSourceJsonData } from '@grafana/data';

/** The query types of the query model (a contract: dashboards store these strings). */
export type QueryType = 'risk' | 'anomalies' | 'predictions' | 'situations' | 'graph' | 'annotations';

export const QUERY_TYPES: Array<{ value: QueryType; label: string; description: string }> = [
  { value: 'risk', label: 'Risk', description: 'Incident risk per service over time (alertable)' },
  { value: 'anomalies', label: 'Anomaly scores', description: 'Anomaly score series of a service and metric' },
  { value: 'predictions', label: 'Predictions', description: 'Active predictions as a table' },
  { value: 'situations', label: 'Situations', description: 'Situations with root-cause hypotheses' },
  { value: 'graph', label: 'Service graph', description: 'Dependency graph for the Node Graph panel' },
  { value: 'annotations', label: 'Annotations', description: 'Deploys and alert-tier predictions' },
];

/** `{"queryType", "service", "metric", "minConfidence"}`; a missing service means all services. */
export interface PrecursorQuery extends DataQuery {
  queryType?: QueryType;
  service?: string;
  metric?: string;
  minConfidence?: number;
}

export const DEFAULT_QUERY: Partial<PrecursorQuery> = { queryType: 'risk' };

/** `jsonData`: the engine's base URL. */
export interface PrecursorOptions extends DataSourceJsonData {
  url?: string;
}

/** `secureJsonData`: the engine's API token. */
export interface PrecursorSecureJsonData {
  token?: string;
}
