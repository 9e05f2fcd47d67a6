import { describe, expect, it } from 'vitest';
import { JSON_DIALECT } from '../../src/wire/aws-json.ts';
import { operationShapes } from '../../src/wire/operation-schemas.ts';
import { OutputDefect, writeOutput } from '../../src/wire/write-output.ts';

const output = operationShapes('DescribeGameSessions')!.output;
const session = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  GameSessionId: 'arn:aws:gamelift:us-west-2::gamesession/fleet-1/gsess-1', CreationTime: new Date(1_469_498_468_057),
  MaximumPlayerSessionCount: 4, TerminationTime: undefined, StatusReason: null, NotInTheModel: 'x', GameProperties: [{ Key: 'k', Value: 'v' }], ...extra,
});

describe('writeOutput: an output as the wire carries it', () => {
  it('WR-3: writes modelled members only, timestamps in the dialect, absent and null members left out', () => {
    expect(writeOutput(output, { GameSessions: [session()], NextToken: undefined }, JSON_DIALECT)).toStrictEqual({
      GameSessions: [{
        GameSessionId: 'arn:aws:gamelift:us-west-2::gamesession/fleet-1/gsess-1', CreationTime: 1469498468.057,
        MaximumPlayerSessionCount: 4, GameProperties: [{ Key: 'k', Value: 'v' }],
      }],
    });
  });

  it('a member of the wrong type is a simulator defect naming its path', () => {
    const defect = (value: unknown): string => {
      try {
        writeOutput(output, value, JSON_DIALECT);
      } catch (error) {
        expect(error).toBeInstanceOf(OutputDefect);
        return (error as Error).message;
      }
      throw new Error('expected a defect');
    };
    expect(defect({ GameSessions: [session(), session({ MaximumPlayerSessionCount: '4' })] }))
      .toBe("the simulator's output member GameSessions[1].MaximumPlayerSessionCount must be a finite number, got string");
    expect(defect({ GameSessions: [session({ GameProperties: [{ Key: 'k', Value: 7 }] })] }))
      .toBe("the simulator's output member GameSessions[0].GameProperties[0].Value must be a string, got number");
    expect(defect({ GameSessions: [session(), null] })).toBe("the simulator's output member GameSessions[1] must be present in a dense list, got object");
    expect(defect({ GameSessions: [session({ CreationTime: 'yesterday' })] })).toBe("the simulator's output member GameSessions[0].CreationTime must be a valid Date, got string");
    expect(defect('not an object')).toBe("the simulator's output must be an object, got string");
  });

  it('WR-3: scalar members, written in line, and scalars in lists: present values as they are, Dates in the dialect, every misfit named by its path', () => {
    const placement = operationShapes('DescribeGameSessionPlacement')!.output;
    const view = {
      PlacementId: 'p', Status: 'FULFILLED', MaximumPlayerSessionCount: 0, Port: 7777, StartTime: new Date(1_000), EndTime: undefined,
      PlayerLatencies: [{ PlayerId: 'a', RegionIdentifier: undefined, LatencyInMilliseconds: 12.5 }],
      PriorityConfigurationOverride: { LocationOrder: ['us-west-2', 'eu-west-1'], PlacementFallbackStrategy: 'NONE' },
    };
    expect(writeOutput(placement, { GameSessionPlacement: view }, JSON_DIALECT)).toStrictEqual({
      GameSessionPlacement: {
        PlacementId: 'p', Status: 'FULFILLED', MaximumPlayerSessionCount: 0, Port: 7777, StartTime: 1,
        PlayerLatencies: [{ PlayerId: 'a', LatencyInMilliseconds: 12.5 }],
        PriorityConfigurationOverride: { LocationOrder: ['us-west-2', 'eu-west-1'], PlacementFallbackStrategy: 'NONE' },
      },
    });
    const defect = (change: Record<string, unknown>): string => {
      try {
        writeOutput(placement, { GameSessionPlacement: { ...view, ...change } }, JSON_DIALECT);
      } catch (error) {
        expect(error).toBeInstanceOf(OutputDefect);
        return (error as Error).message;
      }
      throw new Error('expected a defect');
    };
    const member = "the simulator's output member GameSessionPlacement.";
    expect(defect({ Port: Number.NaN })).toBe(`${member}Port must be a finite number, got number`);
    expect(defect({ Status: 3 })).toBe(`${member}Status must be a string, got number`);
    expect(defect({ EndTime: new Date(Number.NaN) })).toBe(`${member}EndTime must be a valid Date, got object`);
    expect(defect({ PlayerLatencies: [{ LatencyInMilliseconds: '12' }] })).toBe(`${member}PlayerLatencies[0].LatencyInMilliseconds must be a finite number, got string`);
    expect(defect({ PriorityConfigurationOverride: { LocationOrder: ['us-west-2', 7] } }))
      .toBe(`${member}PriorityConfigurationOverride.LocationOrder[1] must be a string, got number`);

    const valid = operationShapes('ValidateMatchmakingRuleSet')!.output;
    expect(writeOutput(valid, { Valid: false }, JSON_DIALECT)).toStrictEqual({ Valid: false });
    expect(() => writeOutput(valid, { Valid: 'yes' }, JSON_DIALECT)).toThrow("the simulator's output member Valid must be a boolean, got string");
  });
});
