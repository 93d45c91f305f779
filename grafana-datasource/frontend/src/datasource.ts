import {
  DataSourceInstanceSettings,
  MetricFindValue,
  ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { DEFAULT_QUERY, PrecursorOptions, PrecursorQuery } from './types';

/**
 * Queries go to the plugin's backend through Grafana (/api/ds/query); this class only fills in
 * template variables and reads the service and metric lists the backend serves as resources.
 */
export class DataSource extends DataSourceWithBackend<PrecursorQuery, PrecursorOptions> {
  // Standard annotation support: the annotation editor stores a PrecursorQuery.
  annotations = {
    getDefaultQuery: (): Partial<PrecursorQuery> => ({ queryType: 'annotations' }),
  };

  constructor(instanceSettings: DataSourceInstanceSettings<PrecursorOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(): Partial<PrecursorQuery> {
    return DEFAULT_QUERY;
  }

  applyTemplateVariables(query: PrecursorQuery, scopedVars: ScopedVars): PrecursorQuery {
    const t = getTemplateSrv();
    return {
      ...query,
      service: query.service ? t.replace(query.service, scopedVars, 'csv') : query.service,
      metric: query.metric ? t.replace(query.metric, scopedVars) : query.metric,
    };
  }

  filterQuery(query: PrecursorQuery): boolean {
    return !query.hide;
  }

  /** Service names known to the engine (dependency graph and recent predictions). */
  async getServices(): Promise<string[]> {
    return this.getResource<string[]>('services');
  }

  /** Metric names with anomaly scores for a service. */
  async getMetrics(service: string): Promise<string[]> {
    return this.getResource<string[]>('metrics', { service });
  }

  /** Template variables: `services`, or `metrics(SERVICE)`. */
  async metricFindQuery(query: string, options?: { scopedVars?: ScopedVars }): Promise<MetricFindValue[]> {
    const q = getTemplateSrv().replace((query || 'services').trim(), options?.scopedVars);
    const m = /^metrics\((.*)\)$/.exec(q);
    const names = m ? await this.getMetrics(m[1].trim()) : await this.getServices();
    return names.map((text) => ({ text, value: text }));
  }
}
