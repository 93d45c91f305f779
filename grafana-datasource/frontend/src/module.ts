import { DataSourcePlugin } from '@grafana/data';
import { DataSource } from './datasource';
import { ConfigEditor } from './ConfigEditor';
import { QueryEditor } from './QueryEditor';
import { PrecursorOptions, PrecursorQuery } from './types';

export const plugin = new DataSourcePlugin<DataSource, PrecursorQuery, PrecursorOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
