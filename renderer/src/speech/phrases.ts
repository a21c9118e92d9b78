/**
 * Every fixed phrase the kiosk can speak, in Chinese and English (issue 15). Each becomes one clip at build time
 * (renderer/speech-build.ts); an empty string means "nothing in this language" (the English leaves out the 第/项
 * that Chinese needs). Short and plain, as a helper at the desk would say them.
 */
export const PHRASES = {
  // spoken guidance itself
  speechOn: ['语音导航已开启。按下一项逐项收听，按确认选择，按返回回到上一页。', 'Voice guide is on. Press Next to hear each option, OK to choose it, and Back to go back.'],
  speechOff: ['语音导航已关闭', 'Voice guide is off'],
  countPre: ['共', ''],
  countPost: ['项', 'options'],
  pagePre: ['第', 'Page'],
  pageMid: ['页，共', 'of'],
  pagePost: ['页', ''],
  stepPrev: ['上一项', 'Previous'],
  stepNext: ['下一项', 'Next'],
  stepOk: ['确认', 'OK'],
  stepRepeat: ['重听', 'Repeat'],
  speechExit: ['退出语音', 'Voice off'],
  firstOrLast: ['已是最后一项', 'That was the last option'],
  disabled: ['暂不可用', 'not available now'],
  // the bar
  back: ['返回', 'Back'],
  pagePrev: ['上一页', 'Previous page'],
  pageNext: ['下一页', 'Next page'],
  elderlyOn: ['长者模式', 'Large text'],
  elderlyOff: ['标准模式', 'Standard view'],
  langToEn: ['切换英文', 'Switch to English'],
  langToZh: ['切换中文', 'Switch to Chinese'],
  callStaff: ['请工作人员协助', 'Ask staff for help'],
  // home
  homeTitle: ['您好，请选择要办理的事项', 'Hello, please choose what you need'],
  takeNumber: ['取号', 'Take a number'],
  takeNumberSub: ['选择业务，排队叫号', 'choose a service and queue'],
  checkIn: ['预约签到', 'Appointment check-in'],
  guide: ['办事指南', 'Service guide'],
  guideSub: ['需要什么材料、多久办好', 'what to bring and how long it takes'],
  printerDown: ['打印机暂时不能使用，请到咨询导办台取号', 'The printer is not working. Please take a number at the information desk'],
  readerDown: ['身份证阅读器暂时不能使用，需要刷证的业务请到咨询导办台', 'The ID card reader is not working. For services needing an ID card, please go to the information desk'],
  // services
  servicesTitle: ['请选择要办理的业务', 'Choose the service you need'],
  byCategory: ['按部门选择', 'By department'],
  byScene: ['我要办', 'I want to'],
  scenesTitle: ['请选择办事场景', 'Choose a topic'],
  mattersTitle: ['请选择事项', 'Choose the matter'],
  aheadPre: ['前方', ''],
  aheadPost: ['人', 'waiting'],
  needsId: ['需刷身份证', 'needs your ID card'],
  // swipe, issuing
  swipeTitle: ['请刷身份证', 'Please place your ID card'],
  swipeHint: ['请将身份证放在屏幕下方的读卡区，不要移动', 'Place your ID card on the reader below the screen and hold it still'],
  swipeFor: ['办理', 'For'],
  issuing: ['正在取号，请稍候', 'Taking your number, please wait'],
  // ticket
  ticketTitle: ['取号成功', 'Here is your number'],
  yourNumber: ['您的号码', 'Your number is'],
  estWaitPre: ['预计等候约', 'estimated wait about'],
  estWaitPost: ['分钟', 'minutes'],
  takeTicket: ['请在下方出票口取走号票，留意叫号', 'Please take your ticket from the slot below and listen for your number'],
  printFailed: ['号票未能打印，请记住您的号码，号码有效', 'The ticket could not be printed. Please remember your number; it is valid'],
  greenChannel: ['您可走绿色通道优先办理', 'You have priority through the green channel'],
  appointmentPriority: ['预约优先', 'Appointment priority'],
  lateWalkIn: ['已超过签到时间，已按现场号排队', 'Check-in time has passed; you queue as a walk-in'],
  done: ['完成', 'Done'],
  // refused
  refused: ['未能取号', 'No number was issued'],
  checkInRefused: ['暂时不能签到', 'You cannot check in now'],
  alreadyPre: ['您已有', 'You already have number'],
  alreadyPost: ['号正在等候本业务，无需重复取号', 'waiting for this service; there is no need for another'],
  askHelp: ['请按请工作人员协助，或到咨询导办台', 'Press Ask staff for help, or go to the information desk'],
  tryAgain: ['重新选择', 'Choose again'],
  takeInstead: ['改为现场取号', 'Take a number instead'],
  'why-outside-hours': ['现在不在取号时间', 'Numbers are not issued at this time'],
  'why-cap-reached': ['今日号源已发完', 'All of today’s numbers for this service are taken'],
  'why-card-invalid': ['身份证无法识别', 'The ID card could not be read'],
  'why-hall-unreachable': ['暂时无法连接大厅服务器', 'The hall server cannot be reached'],
  'why-no-booking': ['没有找到您今天的预约', 'No booking for today was found'],
  'why-too-early': ['还未到签到时间', 'It is too early to check in'],
  'why-no-numbers': ['本机号码已用完', 'This kiosk has run out of numbers'],
  // check-in
  checkInHint: ['请刷身份证，或将预约二维码对准扫码口', 'Swipe your ID card, or hold the booking QR code to the scanner'],
  // guide
  guideTitle: ['办事指南，请选择办事场景', 'Service guide: choose a topic'],
  promised: ['承诺时限', 'Promised time'],
  bringPre: ['需要准备', 'Bring'],
  bringPost: ['份材料', 'documents'],
  fee: ['收费', 'Fees'],
  canPrint: ['可打印此办事指南带走', 'You can print this guide and take it with you'],
  printGuide: ['打印此办事指南', 'Print this guide'],
  guidePrinted: ['已打印，请在出票口取走', 'Printed. Please take it from the slot'],
  takeForThis: ['为此事项取号', 'Take a number for this'],
  // help
  helpCalled: ['已通知工作人员，请在此稍候', 'Staff have been called. Please wait here'],
  helpPending: ['网络暂时中断，呼叫将在恢复后自动送达。您也可以前往咨询导办台', 'The network is down; your call is sent as soon as it is back. You may also go to the information desk'],
  helpAckedPre: ['', 'Staff at window'],
  helpAckedPost: ['号窗口的工作人员已收到，正在赶来', 'are on their way'],
  helpClosed: ['求助已结束', 'The help call has ended'],
  cancelHelp: ['取消呼叫', 'Cancel the call'],
  keepUsing: ['返回继续办理', 'Back to the kiosk'],
  // idle
  idle: ['无人操作，即将返回首页', 'No activity: going back to the start'],
} as const satisfies Record<string, readonly [string, string]>;

export type PhraseKey = keyof typeof PHRASES;
