/**
 * The target adapters a run needs, from what it can reach: files always, the directory when a
 * connection is given, ADSync when the face says where (the CLI: one runner, where --adsync
 * says; the app: where each operation's plan was made).
 */
import type { Directory } from '../../directory/directory';
import type { TargetAdapter, TargetAdapters } from '../target-adapter';
import { attributeAdapter } from './attribute-adapter';
import { fileAdapter } from './file-adapter';
import { securityDescriptorAdapter } from './security-descriptor-adapter';

export { adsyncSettingAdapter, adsyncSettingAdapterAt } from './adsync-setting-adapter';

export interface Reach {
  readonly directory?: Directory;
  readonly adsync?: TargetAdapter<'adsync-setting'>;
}

export function targetAdapters(reach: Reach): TargetAdapters {
  return {
    file: fileAdapter(),
    ...(reach.directory
      ? {
          attribute: attributeAdapter(reach.directory),
          'security-descriptor': securityDescriptorAdapter(reach.directory),
        }
      : {}),
    ...(reach.adsync ? { 'adsync-setting': reach.adsync } : {}),
  };
}
