/** Technician commands contributed by the drivers (`halledge device …`, `halledge emulate …`). */
import type { CliCommand } from '../../drivers/command/types';
import { commands as idcard } from '../../drivers/idcard/cli';
import { commands as printer } from '../../drivers/printer/cli';
import { commands as scanner } from '../../drivers/scanner/cli';
import { commands as relay } from '../../drivers/relay/cli';
import { commands as locker } from '../../drivers/locker/cli';
import { commands as display } from '../../drivers/display/cli';
import { commands as camera } from '../../drivers/camera/cli';
import { emulateCommand } from './emulate';
import { deviceListCommand } from './device-list';

export function deviceCommands(): CliCommand[] {
  return [deviceListCommand, ...printer, ...idcard, ...scanner, ...relay, ...locker, ...display, ...camera, emulateCommand];
}
