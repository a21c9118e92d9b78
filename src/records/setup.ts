/**
 * The records' part of a hall's configuration: the 办事指南 file named by hall.yaml's `guide` (validated
 * against the hall's services; a broken guide stops the node with every problem and its line, like hall.yaml
 * itself) and the `retention` periods.
 */
import { loadHallSetup } from '../config/load';
import { loadGuide } from '../guide/load';
import type { Logger } from '../util/log';
import type { RecordsOptions } from './feature';
import type { RawRetention } from '../config/raw';

export function recordsOptionsFor(configFile: string, log?: Logger): Pick<RecordsOptions, 'guide'> & { retention: RawRetention } {
  const setup = loadHallSetup(configFile);
  if (!setup.guideFile) {
    log?.warn('no 办事指南 configured (hall.yaml "guide"): the kiosk shows no service guides and counters cannot open cases');
    return { retention: setup.retention };
  }
  const { catalog, warnings } = loadGuide(setup.guideFile, setup.config);
  if (warnings.length) log?.warn('service guide has texts without English', { count: warnings.length, first: warnings[0] });
  return { guide: catalog, retention: setup.retention };
}
