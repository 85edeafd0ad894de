/**
 * Every area's Indonesian, merged. One file per area so parallel work does not collide: add your
 * area's file here with one import line.
 */
import { mergeCatalogs } from '../../i18n/catalog.ts';
import account from './account.ts';
import common from './common.ts';
import server from './server.ts';
import admin from './admin.ts';
import review from './review.ts';
import work from './work.ts';
import editor from './editor.ts';
import player from './player.ts';
import recording from './recording.ts';
import upload from './upload.ts';
import recordings from './recordings.ts';
import people from './people.ts';
import drafts from './drafts.ts';
import orders from './orders.ts';

export const INDONESIAN = mergeCatalogs(
  common,
  account,
  recordings,
  upload,
  recording,
  player,
  editor,
  work,
  review,
  admin,
  people,
  drafts,
  orders,
  server,
);
