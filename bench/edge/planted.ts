/** Valid ID numbers the fuzzers plant in what they send; none may come out anywhere in clear. TEST DATA. */
import { idCheckChar } from '../../src/core/idnumber';

const withCheck = (first17: string) => first17 + idCheckChar(first17);

export const PLANTED_IDS: readonly string[] = ['310117195003159972', '310117199205089966', withCheck('11010519491231002'), withCheck('44030619850101123'), withCheck('51010719700615002')];
