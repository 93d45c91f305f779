import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { InlineField, Input, SecretInput } from '@grafana/ui';
import { PrecursorOptions, PrecursorSecureJsonData } from './types';

type Props = DataSourcePluginOptionsEditorProps<PrecursorOptions, PrecursorSecureJsonData>;

/** Engine URL (jsonData.url) and API token (secureJsonData.token, stored encrypted by Grafana). */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const secureFields = options.secureJsonFields ?? {};
  const secure = options.secureJsonData ?? {};

  const onUrl = (e: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...options.jsonData, url: e.target.value } });

  const onToken = (e: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secure, token: e.target.value } });

  const onResetToken = () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureFields, token: false },
      secureJsonData: { ...secure, token: '' },
    });

  return (
    <div>
      <InlineField
        label="Engine URL"
        labelWidth={16}
        tooltip="Base URL of the Precursor engine's HTTP API (its api.port, default 8470), as seen from the Grafana server"
      >
        <Input
          id="precursor-url"
          aria-label="Engine URL"
          width={48}
          placeholder="http://precursor:8470"
          value={options.jsonData.url ?? ''}
          onChange={onUrl}
        />
      </InlineField>
      <InlineField label="API token" labelWidth={16} tooltip="The engine's api.token, if it has one">
        <SecretInput
          id="precursor-token"
          aria-label="API token"
          width={48}
          placeholder="api.token"
          isConfigured={Boolean(secureFields.token)}
          value={secure.token ?? ''}
          onChange={onToken}
          onReset={onResetToken}
        />
      </InlineField>
    </div>
  );
}
