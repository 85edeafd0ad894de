/**
 * Every area's Indonesian, merged. One file per area so parallel work does not collide: add your
 * area's file here with one import line.
 */
import { mergeCatalogs } from '../../i18n/catalog.ts';
import account from './account.ts';
import common from './common.ts';

export const INDONESIAN = mergeCatalogs(common, account);
