// The server's JSON shapes (camelCase, enums as camelCase strings), as documented in docs/API.md.

export type Role = "admin" | "stateCoordinator" | "municipalManager" | "laboratory";
export type Severity = "moderate" | "high" | "critical";
export type EventType = "raised" | "updated" | "resolved";

export interface User {
  id: string;
  cpf: string;
  name: string;
  role: Role;
  jurisdiction: string;
  labId?: string;
  disabled: boolean;
}

export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: User;
}

export interface AlertArea {
  kind: "municipality" | "cluster";
  centre: { latitude: number; longitude: number };
  radiusKm: number;
  stateCode: number;
  stateAbbreviation: string;
  municipalityCode: number;
  municipalityName: string;
  /** IBGE codes of every municipality the alert covers, the core one first. */
  municipalities: number[];
}

/** The one story of a version: observed against expected over the area and window; the headline tells the same numbers. */
export interface AlertStatistics {
  observed: number;
  expected: number;
  excess: number;
  ratio: number;
  tests: number;
  proportion: number;
  expectedProportion: number;
  pValue: number;
  recurrenceIntervalDays?: number;
  windowStart: string;
  windowEnd: string;
  trend: "stable" | "rising" | "falling";
  trendRatio: number;
}

export interface OutbreakAlert {
  id: string;
  version: number;
  sequence: number;
  type: "outbreak" | "feedSilence";
  status: "active" | "resolved";
  detector: "spaceTimeScan" | "cusum" | "ewma" | "earsC1" | "earsC2" | "earsC3" | "feedSilence";
  /** Absent for a feed-silence notice. */
  parameter?: string;
  direction?: "low" | "high";
  severity: Severity;
  area: AlertArea;
  statistics: AlertStatistics;
  raisedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  reportingLabs: string[];
  evidenceCount: number;
  headline: string;
  suggestedAction: string;
}

export interface AlertEvent {
  sequence: number;
  eventType: EventType;
  alert: OutbreakAlert;
  replayed: boolean;
  attempt: number;
}

export interface AlertList {
  items: OutbreakAlert[];
  lastSequence: number;
  isDelta: boolean;
  nextBefore?: number;
}

export interface EvidenceItem {
  hemogramId: string;
  collectedAt: string;
  municipalityCode: number;
  latitude: number;
  longitude: number;
  lab?: string;
  sex: "unknown" | "female" | "male";
  ageBand?: string;
  value?: number;
  unit: string;
  /** Which part of the submission located it (docs/API.md, "Location"). */
  locationSource: LocationSource;
  status: "final" | "preliminary" | "retracted";
  version: number;
}

export type LocationSource = "unknown" | "coordinates" | "encounter" | "patientAddress" | "performerAddress" | "registeredLab" | "submittingLab";

/** The alert workflow (docs/API.md, "Alert workflow"): received → acknowledged → verifying → confirmed | discarded → closed. */
export type HandlingState = "received" | "acknowledged" | "verifying" | "confirmed" | "discarded" | "closed";

export interface AlertHandling {
  alertId: string;
  alertVersion: number;
  state: HandlingState;
  note?: string;
  userId: string;
  userName: string;
  at: string;
  step: number;
}

/** When the workflow first reached each milestone; verified = confirmed or discarded (which one in verifiedAs). */
export interface AlertClock {
  raisedAt: string;
  acknowledgedAt?: string;
  verifyingAt?: string;
  verifiedAt?: string;
  closedAt?: string;
  escalatedAt?: string;
  state: HandlingState;
  verifiedAs?: "confirmed" | "discarded";
}

export interface AlertDetails {
  alert: OutbreakAlert;
  history: OutbreakAlert[];
  evidence: EvidenceItem[];
  handling?: AlertHandling[];
  clock?: AlertClock;
}

/** The hub's "escalated" event, to state coordinators: an alert nobody acknowledged in time. */
export interface EscalationEvent {
  alertId: string;
  alertVersion: number;
  escalatedAt: string;
  raisedAt: string;
  severity: Severity;
  area: string;
  headline: string;
}

export interface StepKpi {
  reached: number;
  withinTarget: number;
  eligible: number;
  shareWithinTarget?: number;
  medianSeconds?: number;
}

/** GET /api/alerts/kpis. */
export interface AlertKpis {
  from: string;
  to: string;
  alerts: number;
  byState: Record<HandlingState, number>;
  escalated: number;
  confirmed: number;
  discarded: number;
  acknowledge: StepKpi;
  verify: StepKpi;
  close: StepKpi;
}

export interface QuietHours {
  start: string;
  end: string;
}

export interface NotificationPreferences {
  eventTypes: EventType[];
  minimumSeverity: Severity;
  mode: "immediate" | "digest";
  sound: boolean;
  quietHours: QuietHours | null;
}

export interface DashboardConfig {
  tileUrl?: string;
  tileAttribution?: string;
}

export interface Heartbeat {
  serverTime: string;
  lastSequence: number;
}

export interface ResumeResult {
  fromSequence: number;
  lastSequence: number;
  replayed: number;
  reloadRequired: boolean;
}

/** RFC 9457 problem details, with the field errors of a validation problem. */
export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: Record<string, string[]>;
  /** 409s of the alert workflow: invalid-transition, already-in-state, concurrent-transition. */
  code?: string;
}
