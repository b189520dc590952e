// Turns the first zod issue into a rejection code and a one-line reason.
import type { z } from 'zod';
import { reject, type RejectCode, type Rejection } from './rejection.ts';

export function rejectionFromZod(error: z.ZodError): Rejection {
  const issue = error.issues[0];
  const path = issue.path.join('.');
  return reject(codeOf(issue), `${path || 'message'}: ${issue.message}`);
}

function codeOf(issue: z.core.$ZodIssue): RejectCode {
  const params = (issue as { params?: { reason?: RejectCode } }).params;
  if (params?.reason) return params.reason;
  const last = issue.path[issue.path.length - 1];
  if (issue.path[0] === 'v' && issue.path.length === 1) return 'unsupported_version';
  if (last === 'fs' && (issue.code === 'too_small' || issue.code === 'too_big')) return 'fs_out_of_range';
  if (issue.path[0] === 'emg' && issue.path[1] === 'ch') {
    if (issue.code === 'too_big') return 'too_many_channels';
    if (issue.code === 'invalid_value') return 'bad_channel';
  }
  if (issue.path[0] === 'emg' && issue.path[1] === 'uv' && issue.code === 'too_big' && issue.path.length === 2) return 'too_many_channels';
  return 'bad_schema';
}
