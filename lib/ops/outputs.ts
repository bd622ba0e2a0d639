/**
 * Names shared by the stacks and the operator commands that read their outputs: the stack names of a
 * stage and the outputs `careerwire ops` needs. One place, so a renamed output fails the build.
 */

/** Every stack of a stage is named careerwire-<stage>-<part>. */
export const stackName = (stage: string, part: string): string => `careerwire-${stage}-${part}`;

/** Outputs of the alerts stack that pausing and resuming read. */
export const ALERTS_OUTPUTS = {
  /** The Scheduler schedule group holding the digest schedules. */
  scheduleGroup: 'DigestScheduleGroup',
  /** The digest schedules' names, comma-separated. */
  scheduleNames: 'DigestScheduleNames',
  /** UUIDs of the digest senders' SQS event source mappings, comma-separated. */
  senderEventSourceMappings: 'SenderEventSourceMappingIds',
} as const;

/** The stack part holding the digest schedules and senders. */
export const ALERTS_STACK_PART = 'alerts';
