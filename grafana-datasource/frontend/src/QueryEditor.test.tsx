import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, setBackendSrv, setTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { of } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DataSource } from './datasource';
import { QueryEditor } from './QueryEditor';
import { PrecursorOptions, PrecursorQuery } from './types';

// Grafana's HTTP service, answering the plugin's resource routes as the backend does.
const requests: BackendSrvRequest[] = [];
const backend = {
  fetch: (req: BackendSrvRequest) => {
    requests.push(req);
    const data = req.url.endsWith('/resources/services')
      ? ['cart', 'checkout', 'payments']
      : req.url.endsWith('/resources/metrics')
        ? ['process.memory.usage']
        : [];
    return of({ data, status: 200, ok: true, headers: new Headers(), redirected: false, statusText: 'OK', type: 'basic', url: req.url, config: req });
  },
} as unknown as BackendSrv;

const templates = {
  replace: (target?: string) => (target ?? '').replace('$service', 'checkout,payments').replace('$env', 'prod'),
  getVariables: () => [],
  containsTemplate: () => false,
  updateTimeRange: () => undefined,
} as unknown as TemplateSrv;

function datasource(): DataSource {
  const settings: DataSourceInstanceSettings<PrecursorOptions> = {
    id: 1,
    uid: 'precursor',
    type: 'precursor-incident-datasource',
    name: 'Precursor',
    access: 'proxy',
    readOnly: false,
    jsonData: { url: 'http://precursor:8470' },
    meta: {
      id: 'precursor-incident-datasource',
      name: 'Precursor',
      type: PluginType.datasource,
      info: { author: { name: 'Precursor' }, description: '', links: [], logos: { small: '', large: '' }, screenshots: [], updated: '', version: '' },
      module: '',
      baseUrl: '',
    },
  };
  return new DataSource(settings);
}

async function renderEditor(query: PrecursorQuery) {
  const onChange = vi.fn();
  const onRunQuery = vi.fn();
  const ds = datasource();
  await act(async () => {
    render(<QueryEditor datasource={ds} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  });
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  beforeEach(() => {
    requests.length = 0;
    setBackendSrv(backend);
    setTemplateSrv(templates);
  });

  it('switches the query type and runs the query', async () => {
    const { onChange, onRunQuery } = await renderEditor({ refId: 'A', queryType: 'risk' });
    fireEvent.click(screen.getByText('Predictions'));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'predictions' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('offers the services the backend lists', async () => {
    await renderEditor({ refId: 'A', queryType: 'risk' });
    expect(requests.map((r) => r.url).some((u) => u.endsWith('datasources/uid/precursor/resources/services'))).toBe(true);
    const input = screen.getByLabelText('Service');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByText('checkout')).toBeTruthy());
    expect(screen.getByText('payments')).toBeTruthy();
  });

  it('accepts a minimum confidence between 0 and 1 only', async () => {
    const { onChange } = await renderEditor({ refId: 'A', queryType: 'predictions' });
    const field = screen.getByLabelText('Minimum confidence');
    fireEvent.change(field, { target: { value: '1.5' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText('A number between 0 and 1')).toBeTruthy();
    fireEvent.change(field, { target: { value: '0.8' } });
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'predictions', minConfidence: 0.8 });
    fireEvent.change(field, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'predictions' });
  });

  it('shows the metric field for anomaly scores only', async () => {
    const { onChange } = await renderEditor({ refId: 'A', queryType: 'anomalies', service: 'cart' });
    fireEvent.change(screen.getByLabelText('Metric'), { target: { value: 'process.memory.usage' } });
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'anomalies', service: 'cart', metric: 'process.memory.usage' });
    expect(screen.queryByLabelText('Minimum confidence')).toBeNull();
  });
});

describe('DataSource', () => {
  beforeEach(() => {
    setBackendSrv(backend);
    setTemplateSrv(templates);
  });

  it('fills template variables into service and metric', () => {
    const q = datasource().applyTemplateVariables({ refId: 'A', queryType: 'anomalies', service: '$service', metric: 'm_$env' }, {});
    expect(q).toEqual({ refId: 'A', queryType: 'anomalies', service: 'checkout,payments', metric: 'm_prod' });
  });

  it('answers template variable queries from the resources', async () => {
    const ds = datasource();
    expect(await ds.metricFindQuery('services')).toEqual([
      { text: 'cart', value: 'cart' },
      { text: 'checkout', value: 'checkout' },
      { text: 'payments', value: 'payments' },
    ]);
    expect(await ds.metricFindQuery('metrics(cart)')).toEqual([{ text: 'process.memory.usage', value: 'process.memory.usage' }]);
    expect(requests[requests.length - 1].params).toEqual({ service: 'cart' });
  });

  it('defaults annotation queries to the annotations type', () => {
    expect(datasource().annotations.getDefaultQuery()).toEqual({ queryType: 'annotations' });
  });
});
