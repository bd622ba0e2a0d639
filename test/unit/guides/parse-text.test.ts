import { parseGuide } from '../../../lambdas/guides/parse';
import { GROOMER, SEED, SOLAR, UPDATED_AT } from './fixtures';

const options = (file: string) => ({ file, updatedAt: UPDATED_AT });

/** Any lead character followed by a continuation character of the windows-1253/1252 damage. */
const DAMAGE = /[\u00c2-\u00f4\u0392-\u03c4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178\u0384-\u038f\u2015]/;

describe('parseGuide: the seed (plain text copied from the page)', () => {
  const guide = parseGuide(SEED, options('seeds/medical-office-administrator.txt'));

  it('reads the title, slug, figures and stats', () => {
    expect(guide.title).toBe('Medical Office Administrator');
    expect(guide.slug).toBe('medical-office-administrator');
    expect(guide.summary).toMatch(/^Medical Office Administrators serve as the operational backbone/);
    expect(guide.summary).toMatch(/optimize clinic workflow efficiently\.$/);
    expect(guide.growthRatePercent).toBe(7);
    expect(guide.workArrangement).toBe('remote-friendly');
    expect(guide.marketDemand).toEqual({
      level: 'High',
      text: expect.stringMatching(/^Demand for Medical Office Administrators remains high .* new technologies\.$/),
    });
    expect(guide.updatedAt).toBe(UPDATED_AT);
    expect(guide).not.toHaveProperty('contentHash'); // added where it is compared or served (withContentHash)
  });

  it('reads the salary block', () => {
    expect(guide.salary).toEqual({
      currency: 'USD',
      region: 'US',
      min: 35000,
      max: 60000,
      median: 47500,
      byLevel: [
        { level: 'Entry-Level', amount: 38750 },
        { level: 'Mid-Level', amount: 47500 },
        { level: 'Senior-Level', amount: 56250 },
      ],
      topEarnersNote:
        'Top 10% of earners in this field can expect salaries starting from $60,000+ per year, especially with specialized skills in high-demand areas.',
    });
  });

  it('reads the role sections', () => {
    expect(guide.coreFunctions).toHaveLength(4);
    expect(guide.coreFunctions[3]).toMatch(/^Adaptability and problem-solving/);
    expect(guide.responsibilities).toHaveLength(15);
    expect(guide.responsibilities[0]).toBe('Manage patient scheduling and appointment coordination using electronic health record systems.');
    expect(guide.responsibilities[14]).toBe('Generate reports related to billing, scheduling efficiency, and patient metrics.');
    expect(guide.workSetting).toMatch(/^Medical Office Administrators typically work within clinical settings such as doctors’ offices/);
    expect(guide.techStack).toHaveLength(18);
    expect(guide.techStack[0]).toBe('Electronic Health Record (EHR) Systems (e.g., Epic, Cerner, Meditech)');
    expect(guide.techStack[17]).toBe('Appointment Reminder and Patient Engagement Tools');
  });

  it('reads skills and education', () => {
    expect(guide.skills.technical).toHaveLength(15);
    expect(guide.skills.soft).toHaveLength(10);
    expect(guide.skills.soft[9]).toBe('Team collaboration and leadership potential');
    expect(guide.education.level?.split('\n\n')).toHaveLength(2);
    expect(guide.education.level).toMatch(/^At minimum, a high school diploma/);
    expect(guide.education.path).toHaveLength(5);
    expect(guide.education.path[0]).toMatch(/^Embarking on a career/);
    expect(guide.education.required).toHaveLength(6);
    expect(guide.education.required[5]).toMatch(/^The increasing complexity of billing procedures/);
  });

  it('reads the career tiers', () => {
    expect(guide.careerTiers.map(({ title, experience, minYears, maxYears }) => ({ title, experience, minYears, maxYears }))).toEqual([
      { title: 'Entry-Level Medical Office Assistant', experience: '0-2 years', minYears: 0, maxYears: 2 },
      { title: 'Medical Office Administrator', experience: '2-5 years', minYears: 2, maxYears: 5 },
      { title: 'Senior Medical Office Manager', experience: '5+ years', minYears: 5, maxYears: null },
    ]);
    for (const tier of guide.careerTiers) expect(tier.description.length).toBeGreaterThan(300);
  });

  it('reads the outlook and the job market', () => {
    expect(guide.globalOutlook).toHaveLength(3);
    expect(guide.jobMarket.challenges).toHaveLength(1);
    expect(guide.jobMarket.challenges[0]).toMatch(/^Medical Office Administrators face increasing pressure/);
    expect(guide.jobMarket.growthPaths).toHaveLength(1);
    expect(guide.jobMarket.growthPaths[0]).toMatch(/^Healthcare sector growth/);
    expect(guide.jobMarket.trends).toHaveLength(1);
    expect(guide.jobMarket.trends[0]).toMatch(/^The digitization of healthcare records/);
  });

  it('reads a day in the life', () => {
    expect(guide.dayInTheLife.map(({ period, start, end, focus }) => ({ period, start, end, focus }))).toEqual([
      { period: 'Morning', start: '09:00', end: '12:00', focus: 'Patient Intake and Scheduling' },
      { period: 'Afternoon', start: '12:00', end: '15:00', focus: 'Billing, Claims Processing, and Office Coordination' },
      { period: 'Late Afternoon', start: '15:00', end: '17:00', focus: 'Reporting, Communication, and Compliance' },
    ]);
    for (const day of guide.dayInTheLife) expect(day.tasks).toHaveLength(5);
    expect(guide.dayInTheLife[0]?.tasks[4]).toBe('Review the day’s patient roster and prepare necessary documentation');
  });

  it('reads work-life balance and the skill map (without its generic intro)', () => {
    expect(guide.workLifeBalance).toEqual({
      stressLevel: 'Moderate',
      balanceRating: 'Good',
      text: [expect.stringMatching(/^Despite the fast-paced nature/)],
    });
    expect(guide.skillMap.map((g) => [g.name, g.description, g.skills.length])).toEqual([
      ['Foundational Skills', 'The absolute essentials every Medical Office Administrator must master.', 5],
      ['Advanced Administrative Skills', 'Specialized skills to enhance efficiency and compliance in healthcare settings.', 4],
      ['Professional & Software Skills', 'The tools and soft skills needed to succeed in a professional environment.', 4],
    ]);
    expect(JSON.stringify(guide)).not.toContain('This map outlines');
  });

  it('reads pros, cons, mistakes, advice, case studies and portfolio tips', () => {
    expect(guide.pros).toHaveLength(6);
    expect(guide.cons).toHaveLength(6);
    expect(guide.cons[5]).toBe('Pressure to minimize billing errors and handle denials quickly.');
    expect(guide.commonMistakes).toHaveLength(8);
    expect(guide.advice).toHaveLength(8);
    expect(guide.caseStudies.map((c) => c.title)).toEqual([
      'Streamlining Patient Scheduling at a Multi-Specialty Clinic',
      'Reducing Insurance Claim Denials in a Pediatric Practice',
      'Enhancing HIPAA Compliance in a Rural Health Center',
    ]);
    for (const study of guide.caseStudies) {
      expect(study.text).toMatch(/\.$/);
      expect(study.takeaway).toMatch(/^[A-Z].*\.$/);
    }
    expect(guide.caseStudies[1]?.takeaway).toBe(
      'Proactive billing oversight and continuous staff education can dramatically improve revenue cycle outcomes.',
    );
    expect(guide.portfolioTips).toHaveLength(2);
    expect(guide.portfolioTips[1]).toContain('professional development—such as workshops attended, seminars, or conferences—and');
  });

  it('reads the job outlook, related roles and the FAQ', () => {
    expect(guide.outlook).toEqual({
      growthRatePercent: 7,
      status: 'Growing faster than average',
      source: 'U.S. Bureau of Labor Statistics',
    });
    expect(guide.relatedRoles).toEqual([]);
    expect(guide.faq).toHaveLength(10);
    expect(guide.faq[0]?.question).toBe('What certifications are most valuable for a Medical Office Administrator?');
    expect(guide.faq[9]).toEqual({
      question: 'What mistakes should beginners avoid in this role?',
      answer: expect.stringMatching(/^Common pitfalls include .* underdeveloped problem-solving skills\.$/),
    });
  });

  it('leaves no encoding damage and no page chrome in any field', () => {
    const json = JSON.stringify(guide);
    expect(json).not.toMatch(DAMAGE);
    for (const chrome of ['Jobicy', 'Subscription', '$8/month', '$0/month', 'Share career guide', 'Sources & References', 'Go to account', 'Low\\nHigh']) {
      expect(json).not.toContain(chrome);
    }
  });

  it('gives the same guide for CRLF line endings and a BOM', () => {
    expect(parseGuide(`\ufeff${SEED.replace(/\n/g, '\r\n')}`, options('crlf.txt'))).toEqual(guide);
  });

  it('takes the slug from the options when given', () => {
    expect(parseGuide(SEED, { ...options('x.txt'), slug: 'medical-office-admin' }).slug).toBe('medical-office-admin');
  });
});

describe('parseGuide: a fuller guide (4 tiers, 4 day blocks, 2 case studies, 5 FAQ entries)', () => {
  const guide = parseGuide(SOLAR, options('solar-panel-installer.txt'));

  it('reads the head', () => {
    expect(guide.title).toBe('Solar Panel Installer');
    expect(guide.slug).toBe('solar-panel-installer');
    expect(guide.summary.split('\n\n')).toHaveLength(2);
    expect(guide.growthRatePercent).toBe(22);
    expect(guide.workArrangement).toBe('on-site');
    expect(guide.marketDemand?.level).toBe('Very High');
    expect(guide.salary).toEqual({
      currency: 'CAD',
      region: 'CA',
      min: 38000,
      max: 72000,
      median: 51200,
      byLevel: [
        { level: 'Entry-Level', amount: 40500 },
        { level: 'Mid-Level', amount: 51200 },
        { level: 'Senior-Level', amount: 63800 },
        { level: 'Crew Lead', amount: 71000 },
      ],
      topEarnersNote: 'Top 10% of earners, usually licensed electricians who lead commercial crews, can exceed $72,000 per year.',
    });
  });

  it('reads four tiers with every dash style', () => {
    expect(guide.careerTiers.map((t) => [t.title, t.experience, t.minYears, t.maxYears])).toEqual([
      ['Solar Installer Helper', '0-1 years', 0, 1],
      ['Solar PV Installer', '1–3 years', 1, 3],
      ['Lead PV Installer', '3 to 6 years', 3, 6],
      ['Solar Installation Supervisor', '6+ years', 6, null],
    ]);
    expect(guide.careerTiers[2]?.description).toContain('customer’s main contact');
  });

  it('reads four day blocks', () => {
    expect(guide.dayInTheLife.map((d) => [d.period, d.start, d.end, d.focus, d.tasks.length])).toEqual([
      ['Early Morning', '06:30', '09:00', 'Site Preparation and Safety', 3],
      ['Late Morning', '09:00', '12:00', 'Racking and Panel Mounting', 3],
      ['Afternoon', '12:30', '15:30', 'Electrical Work', 3],
      ['Wrap-Up', '15:30', '17:00', 'Inspection and Clean-Up', 2],
    ]);
  });

  it('keeps a skill-map group named like a sub-heading ("Soft Skills") in the skill map', () => {
    expect(guide.skills.soft).toEqual(['Teamwork on small crews', 'Attention to safety details', 'Stamina and patience in tough weather']);
    expect(guide.skills.technical).toHaveLength(4);
    expect(guide.skillMap).toEqual([
      { name: 'Soft Skills', description: 'Working safely and well with a crew.', skills: ['Crew communication', 'Safety discipline'] },
      { name: 'Field Skills', description: null, skills: ['Roof layout and racking', 'Conduit bending', 'Panel wiring'] },
    ]);
  });

  it('reads two case studies, one without a takeaway and with two paragraphs', () => {
    expect(guide.caseStudies).toEqual([
      {
        title: 'Reroofing Coordination on a Heritage Home',
        text: expect.stringContaining('homeowner’s costs'),
        takeaway: 'Coordinating trades up front saves money and rework.',
      },
      {
        title: 'Commissioning a Remote Cabin System',
        text:
          'A two-person crew installed an off-grid array with battery storage at a fly-in cabin.\n\n' +
          'They pre-assembled racking in the shop to reduce time on site and finished a day early.',
        takeaway: null,
      },
    ]);
  });

  it('reads five FAQ entries, keeps legit Greek, and reads the rest', () => {
    expect(guide.faq).toHaveLength(5);
    expect(guide.faq[2]?.answer).toContain('such as αβγ describe');
    expect(guide.faq[2]?.answer).toContain('γ is the one');
    expect(guide.faq[3]?.answer.split('\n\n')).toHaveLength(2);
    expect(guide.workSetting).toContain('lifting 20–25 kg panels');
    expect(guide.portfolioTips[0]).toContain('each job—they show');
    expect(guide.pros).toHaveLength(3);
    expect(guide.cons).toHaveLength(3);
    expect(guide.workLifeBalance).toEqual({ stressLevel: 'High', balanceRating: 'Challenging', text: [expect.any(String)] });
    expect(guide.outlook).toEqual({ growthRatePercent: 22, status: 'Much faster than average', source: 'Statistics Canada' });
    expect(guide.relatedRoles).toEqual(['Electrician', 'Roofer', 'Wind Turbine Technician']);
    expect(guide.jobMarket.challenges).toHaveLength(1);
    expect(guide.education.path).toHaveLength(2);
    expect(guide.education.required).toHaveLength(1);
  });

  it('drops another site’s chrome (sources, share, subscription, prices)', () => {
    const json = JSON.stringify(guide);
    expect(json).not.toMatch(DAMAGE);
    for (const chrome of ['Acme', 'Subscription', '$9/month', 'Share career guide', 'Labour Force Survey', 'NABCEP certification handbook']) {
      expect(json).not.toContain(chrome);
    }
  });
});

describe('parseGuide: a minimal guide without optional sections', () => {
  const guide = parseGuide(GROOMER, options('dog-groomer.txt'));

  it('reads what is there and leaves the rest null or empty', () => {
    expect(guide).toMatchObject({
      slug: 'dog-groomer',
      title: 'Dog Groomer',
      growthRatePercent: 4,
      workArrangement: null,
      marketDemand: null,
      salary: null,
      workSetting: null,
      techStack: [],
      education: { level: null, required: [], path: [] },
      skills: { technical: [], soft: [] },
      careerTiers: [],
      globalOutlook: [],
      jobMarket: { challenges: [], growthPaths: [], trends: [] },
      dayInTheLife: [],
      workLifeBalance: null,
      skillMap: [],
      commonMistakes: [],
      advice: [],
      caseStudies: [],
      portfolioTips: [],
      outlook: null,
      relatedRoles: [],
    });
    expect(guide.coreFunctions).toHaveLength(1);
    expect(guide.responsibilities).toEqual([
      'Bathe and dry dogs of all sizes and coat types.',
      'Trim nails and clean ears.',
      'Style coats to breed standards or owner requests.',
    ]);
    expect(guide.pros).toEqual(['Working with animals every day.', 'Flexible paths into salon ownership.']);
    expect(guide.cons).toEqual(['Physically demanding work.']);
    expect(guide.faq.map((f) => f.question)).toEqual(['Do I need a license to groom dogs?', 'How long does it take to learn?']);
  });

  it('needs only a title and a summary', () => {
    const tiny = parseGuide('Florist Career Path Guide\n\nFlorists design arrangements.\n\nhybrid\n', options('tiny.txt'));
    expect(tiny).toMatchObject({ title: 'Florist', summary: 'Florists design arrangements.', workArrangement: 'hybrid', faq: [] });
  });
});

describe('parseGuide: headings and chrome', () => {
  const base = 'Florist Career Path Guide\n\nFlorists design arrangements.\n\n';

  it.each([
    ['Key Responsibilities', 'responsibilities'],
    ['Tech Stack', 'techStack'],
    ['Tools & Technologies', 'techStack'],
    ['Work Environment', 'workSetting'],
    ['Common Beginner Mistakes', 'commonMistakes'],
    ['Contextual Advice', 'advice'],
    ['Global Outlook', 'globalOutlook'],
    ['Portfolio Tips', 'portfolioTips'],
    ['  🌍  Global   Outlook  ', 'globalOutlook'],
  ])('recognises the heading %p', (heading, field) => {
    const guide = parseGuide(`${base}${heading}\n\nWorking with wholesale growers.\n`, options('h.txt'));
    const value = guide[field as keyof typeof guide];
    if (field === 'workSetting') expect(value).toBe('Working with wholesale growers.');
    else expect(value).toEqual(['Working with wholesale growers.']);
  });

  it.each(['Sources & References', '📚 Sources and References', 'Share career guide', 'Bloom+ Subscription', '$8/month', 'EUR €5/mo', 'Go to account ›'])(
    'stops at the chrome line %p',
    (chrome) => {
      const guide = parseGuide(`${base}Contextual Advice\n\n• Buy fresh.\n${chrome}\n• Chrome bullet\nPlus\n`, options('c.txt'));
      expect(guide.advice).toEqual(['Buy fresh.']);
    },
  );

  it('resumes after mid-page chrome at the next known section', () => {
    const guide = parseGuide(`${base}Share career guide\nTweet\n\nPortfolio Tips\n\nKeep photos.\n`, options('c.txt'));
    expect(guide.portfolioTips).toEqual(['Keep photos.']);
    expect(JSON.stringify(guide)).not.toContain('Tweet');
  });

  it('opens a missing parent section from its sub-heading, in page order', () => {
    const guide = parseGuide(`${base}Tech Stack\n\n• Shears\n\nSoft Skills\n\n• Patience\n`, options('p.txt'));
    expect(guide.techStack).toEqual(['Shears']);
    expect(guide.skills.soft).toEqual(['Patience']);
  });

  it('keeps unknown title-case lines as content of the current section', () => {
    const guide = parseGuide(`${base}Global Outlook\n\nA Note On Europe\n\nEurope imports most flowers.\n`, options('u.txt'));
    expect(guide.globalOutlook).toEqual(['A Note On Europe', 'Europe imports most flowers.']);
  });

  it('reads other time and experience forms', () => {
    const guide = parseGuide(
      `${base}Career Path Tiers\n\nPrincipal\nExperience: 10 years\nLeads.\n\nJunior\nExperience: less than 1 year\nLearns.\n\n` +
        `A Day in the Life\n\nNight (9 PM - 11 PM)\n• Close\nMidday (11-1 PM)\n• Lunch\nEvening (On Call)\n• Wait\n`,
      options('t.txt'),
    );
    expect(guide.careerTiers.map((t) => [t.minYears, t.maxYears])).toEqual([[10, 10], [0, 1]]);
    expect(guide.dayInTheLife.map((d) => [d.period, d.start, d.end])).toEqual([
      ['Night', '21:00', '23:00'],
      ['Midday', '11:00', '13:00'],
      ['Evening (On Call)', null, null],
    ]);
  });
});
