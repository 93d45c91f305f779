import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';
import { describe, expect, it, vi } from 'vitest';
import { ConfigEditor } from './ConfigEditor';
import { PrecursorOptions, PrecursorSecureJsonData } from './types';

function settings(
  jsonData: PrecursorOptions,
  secureJsonFields: Record<string, boolean> = {}
): DataSourceSettings<PrecursorOptions, PrecursorSecureJsonData> {
  return {
    id: 1,
    uid: 'precursor',
    orgId: 1,
    name: 'Precursor',
    typeLogoUrl: '',
    type: 'precursor-incident-datasource',
    typeName: 'Precursor',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData,
    secureJsonFields,
    readOnly: false,
    withCredentials: false,
  };
}

describe('ConfigEditor', () => {
  it('edits the engine URL into jsonData.url', () => {
    const onOptionsChange = vi.fn();
    render(<ConfigEditor options={settings({ url: 'http://old:8470' })} onOptionsChange={onOptionsChange} />);
    const url = screen.getByLabelText('Engine URL') as HTMLInputElement;
    expect(url.value).toBe('http://old:8470');
    fireEvent.change(url, { target: { value: 'http://precursor:8470' } });
    expect(onOptionsChange).toHaveBeenCalledTimes(1);
    expect(onOptionsChange.mock.calls[0][0].jsonData).toEqual({ url: 'http://precursor:8470' });
  });

  it('keeps the token in secureJsonData, never in jsonData', () => {
    const onOptionsChange = vi.fn();
    render(<ConfigEditor options={settings({ url: 'http://e:8470' })} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByLabelText('API token'), { target: { value: 's3cret' } });
    const next = onOptionsChange.mock.calls[0][0];
    expect(next.secureJsonData).toEqual({ token: 's3cret' });
    expect(JSON.stringify(next.jsonData)).not.toContain('s3cret');
  });

  it('shows a configured token as set and resets it', () => {
    const onOptionsChange = vi.fn();
    render(<ConfigEditor options={settings({ url: 'http://e:8470' }, { token: true })} onOptionsChange={onOptionsChange} />);
    const token = screen.getByLabelText('API token') as HTMLInputElement;
    expect(token.disabled).toBe(true);
    expect(token.value).toBe('configured');
    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    const next = onOptionsChange.mock.calls[0][0];
    expect(next.secureJsonFields.token).toBe(false);
    expect(next.secureJsonData.token).toBe('');
  });
});
