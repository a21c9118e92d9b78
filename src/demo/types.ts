/** What the running demo hall offers its console and the tests (kept apart so the console needs no demo.ts). */
import type { RunningNode } from '../node/node';
import type { DemoDevices, DemoTerminal } from './demo-devices';
import type { FaultProxy } from './link-proxy';

export interface DemoScreen {
  name: string;
  node: string;
  url: string;
}

export interface DemoTerminalNode {
  spec: DemoTerminal;
  node: RunningNode;
  proxy: FaultProxy;
}

export interface DemoHall {
  /** The demo console (controls and the list of screens). */
  consoleUrl: string;
  consoleTokenFile: string;
  /** The follow page's public address (the QR on every ticket). */
  followUrl: string;
  /** The hall server's local API (undefined while stopped). */
  hallUrl(): string | undefined;
  hall(): RunningNode | undefined;
  terminals: DemoTerminalNode[];
  devices: DemoDevices;
  screens(): DemoScreen[];
  startedInMs: number;
  cut(terminal: string): void;
  heal(terminal: string): void;
  stopHall(): Promise<void>;
  startHall(): Promise<void>;
  stop(): Promise<void>;
}
