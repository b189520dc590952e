// What can be wrong with an EDF/BDF file, as codes: every problem the reader finds is one of
// these, with a message that names the field (and signal) and says what to do. Never a crash.

export const EDF_ERROR_CODES = [
  'unreadable', // the file cannot be opened or read
  'not_edf', // the version field is neither EDF's "0" nor BDF's 0xFF "BIOSEMI"
  'truncated_header', // the file ends inside its header
  'bad_header_size', // "number of bytes in header" is not 256 × (signals + 1)
  'bad_signal_count', // no signals, or more than the file can hold
  'bad_number', // a numeric header field that is not a plain decimal number
  'bad_record_count', // a negative number of data records other than −1
  'bad_record_duration', // a record duration that is not a positive number of seconds (at most a day)
  'bad_samples', // samples per record below 1, or records larger than the file
  'bad_range', // physical minimum = maximum, digital minimum ≥ maximum, or beyond 16 (24) bits
  'bad_start_time', // startdate or starttime that is not dd.mm.yy / hh.mm.ss
  'truncated_records', // the file holds fewer complete data records than the header declares
  'bad_annotation', // an EDF+ TAL that does not follow the specification
  'records_out_of_order', // an EDF+D record that starts before the previous one ended
  'no_leg_emg', // nothing in the file maps to a PROTOCOL EMG channel
  'bad_signal', // a signal the import cannot use as mapped (rate, unit, a missing axis)
  'bad_map', // a --map entry that is not LABEL=name
] as const;
export type EdfErrorCode = (typeof EDF_ERROR_CODES)[number];

export class EdfError extends Error {
  constructor(
    readonly code: EdfErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EdfError';
  }
}
