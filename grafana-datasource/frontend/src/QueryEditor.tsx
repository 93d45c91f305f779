import React, { ChangeEvent, useEffect, useState } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup, Select } from '@grafana/ui';
import { DataSource } from './datasource';
import { PrecursorOptions, PrecursorQuery, QUERY_TYPES, QueryType } from './types';

type Props = QueryEditorProps<DataSource, PrecursorQuery, PrecursorOptions>;

const usesMetric = (t: QueryType) => t === 'anomalies';
const usesConfidence = (t: QueryType) => t === 'risk' || t === 'predictions' || t === 'annotations';

/** Query type, service (from the engine's list or typed), metric and minimum confidence. */
export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const queryType: QueryType = query.queryType ?? 'risk';
  const [services, setServices] = useState<Array<SelectableValue<string>>>([]);
  const [confidence, setConfidence] = useState<string>(
    query.minConfidence === undefined ? '' : String(query.minConfidence)
  );
  const [confidenceError, setConfidenceError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    datasource
      .getServices()
      .then((names) => live && setServices(names.map((n) => ({ label: n, value: n }))))
      .catch(() => live && setServices([]));
    return () => {
      live = false;
    };
  }, [datasource]);

  const update = (q: PrecursorQuery) => {
    onChange(q);
    onRunQuery();
  };

  const onConfidence = (e: ChangeEvent<HTMLInputElement>) => {
    const text = e.target.value;
    setConfidence(text);
    if (text.trim() === '') {
      setConfidenceError(undefined);
      const { minConfidence, ...rest } = query;
      update(rest);
      return;
    }
    const v = Number(text);
    if (Number.isNaN(v) || v < 0 || v > 1) {
      setConfidenceError('A number between 0 and 1');
      return;
    }
    setConfidenceError(undefined);
    update({ ...query, minConfidence: v });
  };

  const serviceOptions =
    query.service && !services.some((s) => s.value === query.service)
      ? [...services, { label: query.service, value: query.service }]
      : services;

  return (
    <div>
      <InlineFieldRow>
        <InlineField label="Query" labelWidth={14}>
          <RadioButtonGroup<QueryType>
            options={QUERY_TYPES.map((t) => ({ label: t.label, value: t.value, description: t.description }))}
            value={queryType}
            onChange={(v) => update({ ...query, queryType: v })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Service" labelWidth={14} tooltip="Empty: all services. Template variables work.">
          <Select
            inputId="precursor-service"
            aria-label="Service"
            width={32}
            isClearable
            allowCustomValue
            placeholder="All services"
            options={serviceOptions}
            value={query.service ?? null}
            onChange={(v) => update({ ...query, service: v?.value || undefined })}
          />
        </InlineField>
        {usesMetric(queryType) && (
          <InlineField label="Metric" labelWidth={10} tooltip="Empty: every metric of the service">
            <Input
              id="precursor-metric"
              aria-label="Metric"
              width={32}
              placeholder="All metrics"
              value={query.metric ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) => onChange({ ...query, metric: e.target.value || undefined })}
              onBlur={onRunQuery}
            />
          </InlineField>
        )}
        {usesConfidence(queryType) && (
          <InlineField
            label="Min confidence"
            labelWidth={16}
            invalid={Boolean(confidenceError)}
            error={confidenceError}
            tooltip="Only predictions at least this confident (0-1). Annotations: alert tier when empty."
          >
            <Input
              id="precursor-min-confidence"
              aria-label="Minimum confidence"
              width={12}
              placeholder="0.7"
              value={confidence}
              onChange={onConfidence}
            />
          </InlineField>
        )}
      </InlineFieldRow>
    </div>
  );
}
