// Word lists for realistic demo data. US cities with their state, area codes and ZIP prefixes so
// phones and ZIPs agree with the address.

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Charles', 'Lisa',
  'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Margaret', 'Donald', 'Ashley', 'Steven',
  'Kimberly', 'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda',
  'Brian', 'Melissa', 'George', 'Deborah', 'Timothy', 'Stephanie', 'Ronald', 'Dorothy', 'Jason', 'Rebecca',
  'Edward', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia', 'Jacob', 'Amy', 'Gary', 'Kathleen', 'Nicholas',
  'Angela', 'Eric', 'Shirley', 'Jonathan', 'Brenda', 'Stephen', 'Emma', 'Larry', 'Anna', 'Justin', 'Pamela',
  'Scott', 'Nicole', 'Brandon', 'Samantha', 'Benjamin', 'Katherine', 'Samuel', 'Christine', 'Gregory', 'Helen',
  'Alexander', 'Debra', 'Patrick', 'Rachel', 'Frank', 'Carolyn', 'Raymond', 'Janet', 'Jack', 'Maria', 'Dennis',
  'Olivia', 'Jerry', 'Heather', 'Tyler', 'Diane', 'Aaron', 'Julie', 'Jose', 'Joyce', 'Adam', 'Victoria', 'Nathan',
  'Ruth', 'Henry', 'Virginia', 'Zachary', 'Lauren', 'Douglas', 'Kelly', 'Peter', 'Christina', 'Kyle', 'Joan',
  'Noah', 'Evelyn', 'Ethan', 'Judith', 'Jeremy', 'Andrea', 'Walter', 'Hannah', 'Christian', 'Megan', 'Keith',
  'Cheryl', 'Roger', 'Jacqueline', 'Terry', 'Martha', 'Austin', 'Madison', 'Sean', 'Teresa', 'Gerald', 'Gloria',
  'Carl', 'Sara', 'Harold', 'Janice', 'Dylan', 'Ann', 'Arthur', 'Kathryn', 'Lawrence', 'Abigail', 'Jordan',
  'Sophia', 'Jesse', 'Frances', 'Bryan', 'Jean', 'Billy', 'Alice', 'Bruce', 'Judy', 'Gabriel', 'Isabella', 'Joe',
  'Julia', 'Logan', 'Grace', 'Alan', 'Amber', 'Juan', 'Denise', 'Albert', 'Danielle', 'Willie', 'Marilyn', 'Elijah',
  'Beverly', 'Wayne', 'Charlotte', 'Randy', 'Natalie', 'Vincent', 'Theresa', 'Mason', 'Diana', 'Roy', 'Brittany',
  'Ralph', 'Doris', 'Bobby', 'Kayla', 'Russell', 'Alexis', 'Bradley', 'Lori', 'Philip', 'Marie', 'Eugene',
  'Priya', 'Wei', 'Mohammed', 'Aisha', 'Carlos', 'Sofia', 'Luis', 'Camila', 'Hiroshi', 'Yuki', 'Mateo', 'Valentina',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker',
  'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz',
  'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers',
  'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim',
  'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz',
  'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes',
  'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
  'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis',
  'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez',
  "O'Brien", 'McDonald', 'Kowalski', 'Nakamura', 'Okafor', 'Schmidt', 'Rossi', 'Dubois', 'Haddad', 'Singh',
  'Chen', 'Wang', 'Zhang', 'Liu', 'Novak', 'Larsen', 'Johansson', 'Fitzgerald', 'Sato', 'Yamamoto', 'Banerjee',
] as const;

export interface City {
  city: string;
  state: string;
  areaCodes: readonly string[];
  zipPrefix: string;
}

export const CITIES: readonly City[] = [
  { city: 'Phoenix', state: 'AZ', areaCodes: ['602', '480', '623'], zipPrefix: '850' },
  { city: 'Tucson', state: 'AZ', areaCodes: ['520'], zipPrefix: '857' },
  { city: 'Los Angeles', state: 'CA', areaCodes: ['213', '310', '323', '818'], zipPrefix: '900' },
  { city: 'San Diego', state: 'CA', areaCodes: ['619', '858'], zipPrefix: '921' },
  { city: 'Sacramento', state: 'CA', areaCodes: ['916'], zipPrefix: '958' },
  { city: 'San Jose', state: 'CA', areaCodes: ['408', '669'], zipPrefix: '951' },
  { city: 'Fresno', state: 'CA', areaCodes: ['559'], zipPrefix: '937' },
  { city: 'Denver', state: 'CO', areaCodes: ['303', '720'], zipPrefix: '802' },
  { city: 'Miami', state: 'FL', areaCodes: ['305', '786'], zipPrefix: '331' },
  { city: 'Orlando', state: 'FL', areaCodes: ['407', '321'], zipPrefix: '328' },
  { city: 'Tampa', state: 'FL', areaCodes: ['813'], zipPrefix: '336' },
  { city: 'Jacksonville', state: 'FL', areaCodes: ['904'], zipPrefix: '322' },
  { city: 'Atlanta', state: 'GA', areaCodes: ['404', '678', '770'], zipPrefix: '303' },
  { city: 'Chicago', state: 'IL', areaCodes: ['312', '773'], zipPrefix: '606' },
  { city: 'Boston', state: 'MA', areaCodes: ['617', '857'], zipPrefix: '021' },
  { city: 'Las Vegas', state: 'NV', areaCodes: ['702', '725'], zipPrefix: '891' },
  { city: 'Newark', state: 'NJ', areaCodes: ['973', '862'], zipPrefix: '071' },
  { city: 'Albuquerque', state: 'NM', areaCodes: ['505'], zipPrefix: '871' },
  { city: 'New York', state: 'NY', areaCodes: ['212', '646', '718'], zipPrefix: '100' },
  { city: 'Charlotte', state: 'NC', areaCodes: ['704', '980'], zipPrefix: '282' },
  { city: 'Raleigh', state: 'NC', areaCodes: ['919', '984'], zipPrefix: '276' },
  { city: 'Columbus', state: 'OH', areaCodes: ['614'], zipPrefix: '432' },
  { city: 'Portland', state: 'OR', areaCodes: ['503', '971'], zipPrefix: '972' },
  { city: 'Philadelphia', state: 'PA', areaCodes: ['215', '267'], zipPrefix: '191' },
  { city: 'Nashville', state: 'TN', areaCodes: ['615', '629'], zipPrefix: '372' },
  { city: 'Austin', state: 'TX', areaCodes: ['512', '737'], zipPrefix: '787' },
  { city: 'Dallas', state: 'TX', areaCodes: ['214', '469', '972'], zipPrefix: '752' },
  { city: 'Houston', state: 'TX', areaCodes: ['713', '281', '832'], zipPrefix: '770' },
  { city: 'San Antonio', state: 'TX', areaCodes: ['210', '726'], zipPrefix: '782' },
  { city: 'Salt Lake City', state: 'UT', areaCodes: ['801', '385'], zipPrefix: '841' },
  { city: 'Seattle', state: 'WA', areaCodes: ['206'], zipPrefix: '981' },
  { city: 'Spokane', state: 'WA', areaCodes: ['509'], zipPrefix: '992' },
];

export const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com', 'comcast.net', 'proton.me'] as const;

export const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Pine St', 'Elm St', 'Sunset Blvd', 'Lakeview Dr', 'Park Ave', 'Hillcrest Rd', 'Willow Way', 'Ridge Rd', 'Washington St', 'Lincoln Ave', 'Highland Dr'] as const;
